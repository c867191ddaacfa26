import { readFileSync } from 'node:fs';
import { describePasswordProblems, passwordProblems, type PasswordRule } from '@bangban/shared';
import { AppError } from '../../lib/errors.ts';

/** The committed list (common-passwords.txt, its source named there), read once, lower-cased. */
let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set(
    readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
      .split('\n')
      .map((l) => l.trim().toLowerCase())
      .filter((l) => l && !l.startsWith('#')),
  );
  return common;
}

export const isCommonPassword = (password: string): boolean => commonPasswords().has(password.trim().toLowerCase());

/** Throws PASSWORD_TOO_WEAK naming every rule the new password breaks (details: the rule codes). */
export function assertPasswordPolicy(password: string, context: { username: string; oldPassword?: string }): void {
  const problems: PasswordRule[] = passwordProblems(password, { ...context, isCommon: isCommonPassword });
  if (problems.length === 0) return;
  throw new AppError(
    'PASSWORD_TOO_WEAK',
    { rules: describePasswordProblems(problems, 'zh-CN'), rulesEn: describePasswordProblems(problems, 'en') },
    { problems },
  );
}
