import type { Kysely } from 'kysely';
import { runStatements } from '../run-statements.ts';

// Frozen: never edit a migration that has shipped; add a new one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    create table conversations (
      id uuid primary key default gen_random_uuid(),
      queue_no serial not null,
      citizen_id uuid not null references citizens(id),
      assistant_session_id uuid references assistant_sessions(id),
      matter_id uuid references matters(id),
      group_id uuid not null references org_units(id),
      routed_via text not null check (routed_via in ('lead','department','answer','coordinator','any')),
      status text not null check (status in ('ticket','queued','assigned','closed')),
      question text,
      contact text,
      agent_id uuid references users(id),
      requested_at timestamptz not null,
      sla_start_at timestamptz,
      queue_since timestamptz,
      queue_priority integer not null default 0,
      assigned_at timestamptz,
      first_response_at timestamptz,
      first_response_by uuid references users(id),
      last_seq integer not null default 0,
      closed_at timestamptz,
      closed_by uuid references users(id),
      outcome text check (outcome in ('resolved','unresolved')),
      close_reason text,
      contested_at timestamptz,
      contest_reason text
    );
    create index conversations_queue_idx on conversations(group_id, status, queue_priority desc, queue_since, queue_no);
    create index conversations_agent_idx on conversations(agent_id, status);
    create index conversations_requested_idx on conversations(requested_at);
    create index conversations_citizen_idx on conversations(citizen_id);

    create table conversation_messages (
      id uuid primary key default gen_random_uuid(),
      conversation_id uuid not null references conversations(id),
      seq integer not null,
      sender text not null check (sender in ('citizen','agent','bot','system')),
      author_id uuid references users(id),
      client_id text,
      body text not null,
      created_at timestamptz not null,
      unique (conversation_id, seq)
    );
    create unique index conversation_messages_client_idx on conversation_messages(conversation_id, sender, client_id) where client_id is not null;

    create table agent_status (
      user_id uuid primary key references users(id),
      group_id uuid not null references org_units(id),
      status text not null check (status in ('online','busy','away','offline')),
      max_chats integer check (max_chats between 1 and 50),
      last_assigned_at timestamptz,
      updated_at timestamptz not null
    );
    create index agent_status_group_idx on agent_status(group_id, status)
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `drop table agent_status; drop table conversation_messages; drop table conversations`);
}
