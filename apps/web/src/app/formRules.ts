import type { FormRule } from 'antd';
import { passwordProblems, type PasswordRule } from '@bangban/shared';

/** The shared policy's length and mix rules (the server adds the common-password list). */
export function isStrongPassword(value: string, context: { username?: string; oldPassword?: string } = {}): boolean {
  return passwordProblems(value, context).length === 0;
}

export function strongPasswordRule(message: (problems: PasswordRule[]) => string, context: () => { username?: string; oldPassword?: string } = () => ({})): FormRule {
  return {
    validator: (_, value: unknown) => {
      if (typeof value !== 'string' || value === '') return Promise.resolve();
      const problems = passwordProblems(value, context());
      return problems.length === 0 ? Promise.resolve() : Promise.reject(new Error(message(problems)));
    },
  };
}
