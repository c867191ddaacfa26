// Text that is no question about public services: emoji only, keyboard mash, chatter about the weather, or a
// question in English. Such a message is not a KB gap (nobody should write an answer for "😂" within five
// days) and not a 12345 case: 小申 says kindly that it did not understand and shows what it can answer.

export type UnclearKind = 'nonsense' | 'offtopic' | 'english';
export const UNCLEAR_KINDS: ReadonlySet<string> = new Set<UnclearKind>(['nonsense', 'offtopic', 'english']);

/** Questions 小申 offers as a start, clickable in the chat. Everyday services any district answers. */
export const UNCLEAR_EXAMPLES = ['护照怎么办', '社保卡丢了怎么补', '新生儿怎么报户口'] as const;

export const UNCLEAR_REPLY: Record<UnclearKind, string> = {
  nonsense: '抱歉，小申没看懂您的意思。您可以用一句话说说想办什么事，比如：',
  offtopic: '抱歉，这个问题小申没看懂，也答不上来：小申只解答在本区办事的问题。您可以这样问：',
  english:
    '小申目前只能用中文解答办事问题，请用中文提问，或点“转人工”请工作人员帮您。\n' +
    'Sorry, 小申 (the district\'s help assistant) only works in Chinese. Please ask your question in Chinese, or tap “转人工” to reach a member of staff. For example:',
};

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/gu;
const LATIN_WORD = /[A-Za-z]+(?:'[A-Za-z]+)?/g;
// Emoji, symbols, punctuation, digits and spaces: what is left when they are removed is the message's words.
const NOT_WORDS = /[\p{P}\p{S}\p{N}\p{Z}\p{Cc}\p{Cf}\p{M}\uFE0F\u200D]/gu;
// Interjections and laughter that say nothing when they make up the whole message.
const FILLER_ONLY = /^[哈呵嘿嘻啊哦噢嗯呃额唉哎呀嘛咦喔哇嗷]+$/u;

// Common English words: a message of Latin letters that uses some is English; one that uses none is a mash.
const ENGLISH_WORDS = new Set(
  (
    'a an the i you we he she it they me my your our is am are was were be been do does did can could will would ' +
    'should may must have has had how what where when why who which whom whose there here this that these those ' +
    'to of in on at for from with by about into as and or but not no yes if so please thanks thank hello hi hey ' +
    'help need want get apply renew find lost make speak english chinese certificate card permit passport visa ' +
    'office time open hours any some much many long take'
  ).split(' '),
);

// Subjects that are never a public service, whatever else the message says: weather, jokes and games,
// markets and lotteries, food and entertainment tips, chatter about 小申 itself.
const OFF_DOMAIN =
  /天气|下雨|气温|温度多少|刮风|台风路径|笑话|讲个故事|讲故事|脑筋急转弯|猜谜|唱(首|个)歌|星座|算命|运势|股票|股市|基金涨|涨停|彩票|中奖号码|比特币|好吃|美食|推荐.*(餐厅|饭店|菜)|电影|电视剧|综艺|游戏|八卦|明星|(你|小申)(喜欢|爱|几岁|多大|是男|是女|结婚了|有对象|吃饭了|会不会唱)/u;
// Words of the business of a service centre: with any of them, the message is about a service after all
// (开饭店要办什么许可证, 高温津贴怎么领).
const SERVICE_WORDS =
  /办|证|照|申请|申领|登记|许可|补贴|津贴|补助|手续|材料|缴|交|保险|社保|医保|公积金|户口|落户|报销|备案|注销|变更|审批|窗口|大厅|政府|部门|政策|执照|营业|税|发票|投诉|举报/u;

/**
 * What kind of non-question the message is, or null for everything 小申 should try to answer. Only the text
 * decides, except for off-domain chatter, where an answer retrieval is sure of still wins.
 */
export function recogniseUnclear(question: string): Exclude<UnclearKind, 'offtopic'> | null {
  const text = question.normalize('NFKC').trim();
  const words = text.replace(NOT_WORDS, '');
  if (words === '' || FILLER_ONLY.test(words)) return 'nonsense';
  const cjk = (words.match(CJK) ?? []).length;
  if (cjk > 0) return null;
  const latin = (text.match(LATIN_WORD) ?? []).map((w) => w.toLowerCase());
  // Other scripts (Cyrillic, Arabic…): not our language, but not necessarily nonsense; leave it to retrieval.
  if (latin.join('').length < words.length / 2) return null;
  const english = latin.filter((w) => ENGLISH_WORDS.has(w)).length;
  if (english >= 2 || (english >= 1 && latin.length <= 2 && latin.some((w) => w.length > 1 && ENGLISH_WORDS.has(w)))) return 'english';
  // Latin letters with no English in them are a keyboard mash ("asdfghjkl"), unless they read as an
  // abbreviation ("ETC", "CA"), which retrieval may know.
  return english === 0 && text !== text.toUpperCase() ? 'nonsense' : null;
}

/** Off-domain chatter ("今天天气怎么样", "讲个笑话"): an off-domain subject and nothing of a service. */
export function isOffDomain(question: string): boolean {
  return OFF_DOMAIN.test(question) && !SERVICE_WORDS.test(question);
}
