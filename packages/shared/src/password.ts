// Staff password policy (等保 2.0 level 3: complexity, no reuse). Shared so the web form checks it live with
// the same rules the server enforces; the common-password list stays on the server.

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MIN_CLASSES = 3;

export type PasswordRule = 'length' | 'classes' | 'username' | 'same_as_old' | 'common';

/** Each rule in plain Chinese, in the order the form lists them. */
export const PASSWORD_RULES_ZH: Record<PasswordRule, string> = {
  length: `至少 ${PASSWORD_MIN_LENGTH} 位`,
  classes: `大写字母、小写字母、数字、符号四类中至少包含 ${PASSWORD_MIN_CLASSES} 类`,
  username: '不能包含用户名',
  same_as_old: '不能与原密码相同',
  common: '不能是常见密码（如 Password123、Aa123456789）',
};

export const PASSWORD_RULES_EN: Record<PasswordRule, string> = {
  length: `at least ${PASSWORD_MIN_LENGTH} characters`,
  classes: `at least ${PASSWORD_MIN_CLASSES} of: upper-case letters, lower-case letters, digits, symbols`,
  username: 'must not contain the user name',
  same_as_old: 'must differ from the current password',
  common: 'must not be a common password (such as Password123)',
};

/** How many of the four classes (upper, lower, digit, other) the password uses. */
export function passwordClasses(password: string): number {
  return [/[A-Z]/, /[a-z]/, /\d/, /[^A-Za-z\d]/].filter((re) => re.test(password)).length;
}

/**
 * The rules the password breaks, empty when it is acceptable. `common` is the caller's check (a list lookup);
 * `oldPassword` is known only where the user typed it (their own change).
 */
export function passwordProblems(
  password: string,
  context: { username?: string | undefined; oldPassword?: string | undefined; isCommon?: (p: string) => boolean } = {},
): PasswordRule[] {
  const out: PasswordRule[] = [];
  if ([...password].length < PASSWORD_MIN_LENGTH) out.push('length');
  if (passwordClasses(password) < PASSWORD_MIN_CLASSES) out.push('classes');
  const name = context.username?.trim().toLowerCase();
  if (name && name.length >= 3 && password.toLowerCase().includes(name)) out.push('username');
  if (context.oldPassword !== undefined && password === context.oldPassword) out.push('same_as_old');
  if (context.isCommon?.(password)) out.push('common');
  return out;
}

/** One sentence naming every broken rule, for the error message. */
export function describePasswordProblems(problems: PasswordRule[], locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const rules = locale === 'en' ? PASSWORD_RULES_EN : PASSWORD_RULES_ZH;
  return problems.map((p) => rules[p]).join(locale === 'en' ? '; ' : '；');
}
