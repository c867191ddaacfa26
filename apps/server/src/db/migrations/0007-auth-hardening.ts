import type { Kysely } from 'kysely';
import { runStatements } from '../run-statements.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// Auth hardening (等保 2.0 level 3): `must_change_password` forces a new password at the next sign-in (demo
// accounts, resets); failed sign-ins with unknown user names are counted per IP and 15-minute window instead of
// one audit row each (an attacker's burst must not fill the audit log with text of their choosing).
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    alter table users add column must_change_password boolean not null default false;
    create table login_unknown_windows (
      ip text not null,
      window_start timestamptz not null,
      attempts integer not null,
      first_seen_at timestamptz not null,
      last_seen_at timestamptz not null,
      sample_names jsonb not null default '[]',
      primary key (ip, window_start)
    );
    create index login_unknown_windows_start_idx on login_unknown_windows(window_start);
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    drop table login_unknown_windows;
    alter table users drop column must_change_password;
  `);
}
