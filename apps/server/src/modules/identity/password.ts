import { hash, verify } from '@node-rs/argon2';

// Argon2id with OWASP's minimum profile (19 MiB, 2 passes): memory-hard, ~30 ms here.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export function verifyPassword(stored: string, password: string): Promise<boolean> {
  return verify(stored, password).catch(() => false);
}

// Verified against when the user name is unknown, so a wrong name costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('bangban-timing-equaliser-0');
  return dummyHash;
}
