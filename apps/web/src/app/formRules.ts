import type { FormRule } from 'antd';

/** Same rule as the server: at least 10 characters with letters and digits. */
export function isStrongPassword(value: string): boolean {
  return value.length >= 10 && /[A-Za-z]/.test(value) && /\d/.test(value);
}

export function strongPasswordRule(message: string): FormRule {
  return {
    validator: (_, value: unknown) =>
      typeof value !== 'string' || value === '' || isStrongPassword(value) ? Promise.resolve() : Promise.reject(new Error(message)),
  };
}
