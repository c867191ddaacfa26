import type { Kysely } from 'kysely';
import { runStatements } from '../run-statements.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// uploaded_by is a citizen or a user id (by uploaded_by_kind), so it cannot carry one foreign key.
// conversation_id has no foreign key yet: the conversations table arrives in 0003-live-help, built in
// parallel; a later migration adds `references conversations(id)` once messages link their attachments.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    create table attachments (
      id uuid primary key,
      kind text not null check (kind in ('image','voice','file')),
      mime text not null,
      size integer not null check (size > 0),
      sha256 text not null check (length(sha256) = 64),
      storage_key text not null unique,
      original_name text not null,
      uploaded_by_kind text not null check (uploaded_by_kind in ('citizen','staff')),
      uploaded_by uuid not null,
      conversation_id uuid,
      created_at timestamptz not null default now()
    );
    create index attachments_uploader_idx on attachments(uploaded_by_kind, uploaded_by, sha256);
    create index attachments_conversation_idx on attachments(conversation_id) where conversation_id is not null
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `drop table attachments`);
}
