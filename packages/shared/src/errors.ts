// Closed list of error codes with plain-language messages. Citizens read some of these: keep them short and
// kind. `{name}` placeholders are filled from the error's params.
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: { status: 400, zh: '提交的内容有误：{detail}', en: 'The request is not valid: {detail}' },
  // The request itself could not be read (framework and HTTP-parser errors, uploads): plain words, never the parser's English.
  REQUEST_MALFORMED: { status: 400, zh: '请求格式不正确，无法识别，请检查后重试。', en: 'The request is malformed; check it and try again.' },
  REQUEST_BAD_URL: { status: 400, zh: '网址里有无法识别的字符，请检查后重试。', en: 'The address contains characters that cannot be read; check it and try again.' },
  REQUEST_URL_TOO_LONG: { status: 414, zh: '网址太长了，请检查后重试。', en: 'The address is too long.' },
  REQUEST_HEADERS_TOO_LARGE: {
    status: 431,
    zh: '请求头太大（可能是 Cookie 太多），请清除本网站的 Cookie 后重试。',
    en: 'The request headers are too large (too many cookies?); clear this site’s cookies and try again.',
  },
  REQUEST_BODY_TOO_LARGE: { status: 413, zh: '提交的内容太大了，请删减后重试。', en: 'The request body is too large.' },
  REQUEST_MEDIA_TYPE: { status: 415, zh: '不支持这种提交格式，请检查后重试。', en: 'Unsupported content type.' },
  UPLOAD_MALFORMED: {
    status: 400,
    zh: '上传的内容不完整或格式不正确，请重新选择文件上传。',
    en: 'The upload is incomplete or malformed; choose the file and upload it again.',
  },
  NOT_FOUND: { status: 404, zh: '找不到您要的内容。', en: 'Not found.' },
  ROUTE_NOT_FOUND: { status: 404, zh: '没有这个接口：{route}', en: 'No such endpoint: {route}' },
  AUTH_REQUIRED: { status: 401, zh: '请先登录。', en: 'Please sign in.' },
  AUTH_INVALID_CREDENTIALS: { status: 401, zh: '用户名或密码不正确。', en: 'Wrong user name or password.' },
  AUTH_LOCKED: {
    status: 423,
    zh: '密码连续输错次数过多，账号已锁定，请在 {until} 后再试，或联系管理员解锁。',
    en: 'Too many failed attempts. The account is locked until {until}; or ask an admin to unlock it.',
  },
  AUTH_DISABLED: { status: 403, zh: '该账号已停用，请联系管理员。', en: 'This account is disabled.' },
  AUTH_SESSION_EXPIRED: { status: 401, zh: '登录已过期，请重新登录。', en: 'Your session has expired. Please sign in again.' },
  FORBIDDEN: { status: 403, zh: '您没有权限进行此操作。', en: 'You are not allowed to do this.' },
  CSRF_REFUSED: { status: 403, zh: '请求来源不被允许，请从帮办平台页面操作。', en: 'Requests from this page are not allowed; use the Bangban pages.' },
  OUT_OF_SCOPE: { status: 404, zh: '找不到您要的内容，或不在您的管辖范围内。', en: 'Not found in your organisation.' },
  CITIZEN_TOKEN_INVALID: { status: 401, zh: '访问凭证无效，请刷新页面后重试。', en: 'Visitor token is not valid; reload the page.' },
  SSO_PROVIDER_UNKNOWN: { status: 404, zh: '不支持该实名认证方式。', en: 'Unknown identity provider.' },
  SSO_STATE_INVALID: { status: 400, zh: '实名认证已过期或无效，请重新认证。', en: 'The sign-in attempt expired; try again.' },
  SSO_FAILED: { status: 502, zh: '实名认证未通过：{reason}', en: 'Identity check failed: {reason}' },
  USERNAME_TAKEN: { status: 409, zh: '用户名“{username}”已被使用。', en: 'User name "{username}" is taken.' },
  PASSWORD_TOO_WEAK: {
    status: 400,
    zh: '新密码不符合要求：{rules}。',
    en: 'The new password does not meet the policy: {rulesEn}.',
  },
  PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    zh: '首次登录或密码被重置后，请先修改密码再继续使用。',
    en: 'Please change your password before you continue.',
  },
  ORG_UNIT_NOT_FOUND: { status: 404, zh: '找不到该组织机构。', en: 'Organisation unit not found.' },
  ORG_PARENT_INVALID: { status: 400, zh: '{child}不能设在{parent}之下。', en: 'A {child} cannot sit under a {parent}.' },
  ORG_UNIT_IN_USE: {
    status: 409,
    zh: '该机构下还有下级机构、人员或事项，不能删除。',
    en: 'The unit still has sub-units, users or matters.',
  },
  ORG_CODE_TAKEN: { status: 409, zh: '机构编码“{code}”已被使用。', en: 'Unit code "{code}" is taken.' },
  MATTER_NOT_FOUND: { status: 404, zh: '找不到该事项。', en: 'Matter not found.' },
  MATTER_CODE_TAKEN: { status: 409, zh: '事项编码“{code}”已存在。', en: 'Matter code "{code}" exists.' },
  MATTER_IN_USE: {
    status: 409,
    zh: '该事项已有咨询、会话或知识条目等记录引用，不能删除。',
    en: 'Consultations, chats or knowledge entries refer to this matter: it cannot be deleted.',
  },
  MATTER_IMPORT_INVALID: {
    status: 422,
    zh: '导入文件有 {count} 行有误，已全部取消导入，请修改后重新上传。',
    en: '{count} rows are not valid; nothing was imported.',
  },
  MATTER_IMPORT_EMPTY: { status: 400, zh: '导入文件是空的。', en: 'The file is empty.' },
  MATTER_IMPORT_TOO_MANY_ROWS: {
    status: 413,
    zh: '一次最多导入 {limit} 行，请把文件分成几个后分别导入。',
    en: 'At most {limit} rows per import; split the file.',
  },
  MATTER_IMPORT_FORMAT: {
    status: 400,
    zh: '无法识别文件格式，请上传 JSONL 或 CSV（UTF-8）文件。',
    en: 'Unknown file format: upload JSONL or CSV (UTF-8).',
  },
  CALENDAR_YEAR_NOT_COVERED: {
    status: 422,
    zh: '{year} 年的节假日安排尚未录入，请管理员在“工作日历”中补录后再试。',
    en: 'The holidays of {year} are not in the calendar yet; an admin must add them.',
  },
  CALENDAR_BAD_DATE: { status: 400, zh: '日期格式不正确：{date}（应为 YYYY-MM-DD）。', en: 'Bad date: {date} (YYYY-MM-DD).' },
  CALENDAR_BAD_HOURS: { status: 400, zh: '工作时段设置有误：{detail}', en: 'Working hours are not valid: {detail}' },
  CALENDAR_BAD_ARGUMENT: { status: 400, zh: '日历参数有误：{detail}', en: 'Bad calendar argument: {detail}' },
  KB_ENTRY_NOT_FOUND: { status: 404, zh: '找不到该知识条目。', en: 'Knowledge entry not found.' },
  KB_BAD_TRANSITION: { status: 409, zh: '“{status}”状态的条目不能{action}。', en: 'An entry that is {status} cannot be: {action}.' },
  KB_VERSION_NOT_FOUND: { status: 404, zh: '找不到第 {version} 版。', en: 'Version {version} not found.' },
  KB_EMPTY_ENTRY: { status: 400, zh: '标准问和答复口径不能都为空。', en: 'An entry needs a question or an answer.' },
  KB_DATES_INVALID: { status: 400, zh: '失效日期不能早于生效日期。', en: 'The expiry date is before the effective date.' },
  KB_IMPORT_INVALID: {
    status: 422,
    zh: '导入文件有 {count} 行有误，已全部取消导入，请修改后重新上传。',
    en: '{count} rows are not valid; nothing was imported.',
  },
  KB_IMPORT_TOO_MANY_ROWS: {
    status: 413,
    zh: '一次最多导入 {limit} 行，请把文件分成几个后分别导入。',
    en: 'At most {limit} rows per import; split the file.',
  },
  KB_IMPORT_XLSX_TOO_LARGE: {
    status: 413,
    zh: 'Excel 文件解压后超过 {limitMb} MB，无法导入，请分成几个文件或改用 CSV。',
    en: 'The XLSX file inflates to more than {limitMb} MB; split it or use CSV.',
  },
  KB_RELATED_NOT_FOUND: {
    status: 404,
    zh: '关联的知识条目不存在，或不在您的查看范围内。',
    en: 'A related entry does not exist or is outside your view.',
  },
  KB_IMPORT_FORMAT: {
    status: 400,
    zh: '无法识别文件格式，请上传 JSONL、CSV（UTF-8）或 Excel（.xlsx）文件。',
    en: 'Unknown file format: upload JSONL, CSV (UTF-8) or XLSX.',
  },
  KB_GAP_NOT_FOUND: { status: 404, zh: '找不到该待补充问题。', en: 'Gap not found.' },
  KB_GAP_CLOSED: { status: 409, zh: '该问题已处理，无需重复操作。', en: 'This gap is already closed.' },
  KB_ENTRY_NOT_PUBLISHED: { status: 409, zh: '请选择已发布的条目作为答复。', en: 'Choose a published entry as the answer.' },
  ASSISTANT_SESSION_NOT_FOUND: { status: 404, zh: '找不到这段对话，请重新开始。', en: 'Conversation not found; start a new one.' },
  ASSISTANT_SESSION_ENDED: { status: 409, zh: '这段对话已经结束，请重新开始新的对话。', en: 'This conversation has ended; start a new one.' },
  ASSISTANT_TURN_NOT_FOUND: { status: 404, zh: '找不到这条回复。', en: 'Reply not found.' },
  ASSISTANT_FEEDBACK_NOT_APPLICABLE: { status: 409, zh: '这条回复不需要评价。', en: 'This reply takes no feedback.' },
  CONVERSATION_NOT_FOUND: { status: 404, zh: '找不到这次人工帮办。', en: 'Conversation not found.' },
  CONVERSATION_BAD_TRANSITION: { status: 409, zh: '“{status}”的会话不能{action}。', en: 'A conversation that is {status} cannot be: {action}.' },
  CONVERSATION_TAKEN: { status: 409, zh: '该会话已由其他工作人员接入。', en: 'Another agent has taken this conversation.' },
  CONVERSATION_NOT_YOURS: { status: 403, zh: '这个会话没有分配给您。', en: 'This conversation is not assigned to you.' },
  TRANSFER_GROUP_CLOSED: { status: 409, zh: '{group}现在不在上班时间（下次上班：{opens}），请转给正在上班的小组。', en: '{group} is not at work now (next opening: {opens}); transfer to a group that is.' },
  TRANSFER_NO_GROUP: { status: 400, zh: '这个部门还没有设置人工帮办小组，请选择其他部门或小组。', en: 'That department has no help group; choose another department or group.' },
  CANNED_SHORTCUT_TAKEN: { status: 409, zh: '这个快捷词在本单位已经有人用了，请换一个。', en: 'This shortcut is already used in this unit.' },
  CANNED_NOT_FOUND: { status: 404, zh: '找不到这条常用语。', en: 'Canned answer not found.' },
  CONVERSATION_NO_GROUP: { status: 503, zh: '暂时没有可以接待的帮办小组，请稍后再试或拨打 12345 热线。', en: 'No help group is set up; try later or call 12345.' },
  CONVERSATION_CONTEST_NOT_ALLOWED: { status: 409, zh: '只有标记为“已解决”的帮办才能提出异议，且只能提一次。', en: 'Only a conversation closed as resolved can be contested, once.' },
  AGENT_NOT_IN_GROUP: { status: 409, zh: '该账号不属于任何帮办小组，请联系管理员。', en: 'This account is not in a help group.' },
  AGENT_NOT_AVAILABLE: { status: 409, zh: '该工作人员当前不在线，不能接入会话。', en: 'The agent is not available.' },
  AGENT_NOT_ONLINE_TO_CLAIM: {
    status: 409,
    zh: '您现在不是“在线”状态（网络中断过久时系统会将您设为离开），不能接入会话。请先在页面上方把接待状态改为“在线”，再点“接入”。',
    en: 'You are not online (the system sets you away after a long network drop), so you cannot take chats. Set your status to “Online” at the top of the page, then press “Take”.',
  },
  AGENT_AT_CAPACITY: { status: 409, zh: '已达到同时接待上限（{max} 个），请先结束已有会话。', en: 'At the limit of {max} concurrent chats.' },
  ATTACHMENT_NOT_FOUND: { status: 404, zh: '找不到这个附件，或您无权查看。', en: 'Attachment not found.' },
  ATTACHMENT_EMPTY: { status: 400, zh: '请选择要发送的文件，文件不能是空的。', en: 'Choose a file to send; it cannot be empty.' },
  ATTACHMENT_TYPE_NOT_ALLOWED: {
    status: 415,
    zh: '不支持这种文件。可以发送图片（PNG、JPG、GIF、WebP）、语音、PDF、Word、Excel 或纯文本文件。',
    en: 'This file type is not supported: send an image, a voice recording, PDF, Word, Excel or plain text.',
  },
  ATTACHMENT_UNSAFE_TYPE: { status: 415, zh: '为了安全，不能发送程序、网页或 SVG 文件。', en: 'Programs, web pages and SVG files cannot be sent.' },
  ATTACHMENT_TOO_LARGE: { status: 413, zh: '{kind}不能超过 {limit}，请压缩后再发送。', en: 'The {kind} is larger than {limit}.' },
  ATTACHMENT_STORE_FAILED: { status: 503, zh: '附件暂时无法保存或读取，请稍后再试。', en: 'The attachment store is unavailable; try again shortly.' },
  RATING_CONVERSATION_OPEN: { status: 409, zh: '人工帮办结束后才能评价。', en: 'A conversation can be rated once it has ended.' },
  RATING_EXISTS: { status: 409, zh: '您已经评价过这次帮办了，谢谢！评价后 {hours} 小时内可以修改一次。', en: 'Already rated; it can be changed once within {hours} hours.' },
  RATING_REASON_REQUIRED: {
    status: 400,
    zh: '选择“不满意”或“非常不满意”时，请选一项原因；选“其他”时请写明原因，方便我们改进。',
    en: 'A bad rating needs a reason (and a description for "other").',
  },
  RATING_NOT_FOUND: { status: 404, zh: '找不到这条评价。', en: 'Rating not found.' },
  RATING_REVISION_CLOSED: {
    status: 409,
    zh: '评价只能在提交后 {hours} 小时内修改一次；工作人员已开始回访处理的评价不能再修改。',
    en: 'A rating can be changed once within {hours} hours, and not after the follow-up has started.',
  },
  RATING_NO_FOLLOW_UP: { status: 409, zh: '这条评价不是差评，无需整改。', en: 'This rating is not a bad rating; there is no follow-up.' },
  RATING_FOLLOW_UP_BAD_TRANSITION: { status: 409, zh: '“{status}”的差评整改不能{action}。', en: 'A follow-up that is {status} cannot be: {action}.' },
  RATE_LIMITED: { status: 429, zh: '操作太频繁，请稍后再试。', en: 'Too many requests; try again shortly.' },
  INTERNAL: { status: 500, zh: '系统开小差了，请稍后再试。', en: 'Something went wrong; try again shortly.' },
  // The database (or another part the request needs) cannot be reached; nothing internal is said.
  SERVICE_UNAVAILABLE: { status: 503, zh: '服务暂时不可用，请稍后重试。', en: 'The service is temporarily unavailable; try again shortly.' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
export type Locale = 'zh-CN' | 'en';

export function formatErrorMessage(code: ErrorCode, params: Record<string, unknown> = {}, locale: Locale = 'zh-CN'): string {
  const entry = ERROR_MESSAGES[code];
  const template = locale === 'en' ? entry.en : entry.zh;
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(params[key] ?? ''));
}

/** The shape of every error response body. */
export interface ApiErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}
