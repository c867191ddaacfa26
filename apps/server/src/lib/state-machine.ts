import type { ErrorCode } from '@bangban/shared';
import { AppError } from './errors.ts';

type Transitions<S extends string> = Record<string, { readonly from: readonly S[]; readonly to: S }>;

/**
 * One explicit state machine from a transition table: `can` answers for the UI's `can` flags, `apply` returns
 * the next state or throws the machine's coded error naming the action and the current state in plain Chinese.
 */
export function stateMachine<S extends string, T extends Transitions<S>>(
  table: T,
  labels: { actions: Record<keyof T & string, string>; states: Record<S, string>; error: ErrorCode },
) {
  const can = (status: S, action: keyof T & string): boolean => table[action]!.from.includes(status);
  return {
    can,
    apply(status: S, action: keyof T & string): T[typeof action]['to'] {
      if (!can(status, action)) throw new AppError(labels.error, { action: labels.actions[action], status: labels.states[status] });
      return table[action]!.to;
    },
  };
}
