import type { Kysely } from 'kysely';
import { runStatements } from '../run-statements.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// The agent desk: messages may carry one attachment; internal notes live beside the message sequence (never in
// it, so a citizen's stream cannot leak them); canned answers belong to an org unit; `alerted_at` marks the
// chat whose supervisor was told it nears the 60-s first-response target (once); `last_seen_at` is the last
// heartbeat of an agent's desk socket (an agent silent for 90 s has dropped: their chats go back to the queue).
// 小申's 转人工 now opens a conversation: the waiting requests of the retired `help_requests` become tickets
// (留言) of their lead unit's first agent group, else of the district office's, then the table goes.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    alter table conversation_messages add column attachment_id uuid references attachments(id);
    alter table conversations add column alerted_at timestamptz;
    alter table conversations add column citizen_read_seq integer not null default 0;
    alter table conversations add column agent_read_seq integer not null default 0;
    alter table agent_status add column last_seen_at timestamptz;
    create table conversation_notes (
      id uuid primary key default gen_random_uuid(),
      conversation_id uuid not null references conversations(id),
      author_id uuid not null references users(id),
      body text not null,
      created_at timestamptz not null
    );
    create index conversation_notes_conversation_idx on conversation_notes(conversation_id, created_at);
    create table canned_answers (
      id uuid primary key default gen_random_uuid(),
      org_unit_id uuid not null references org_units(id),
      title text not null,
      body text not null,
      shortcut text,
      updated_by uuid references users(id),
      updated_at timestamptz not null
    );
    create unique index canned_answers_shortcut_idx on canned_answers(org_unit_id, shortcut) where shortcut is not null;
    insert into conversations (citizen_id, assistant_session_id, matter_id, group_id, routed_via, status, question, contact, requested_at, sla_start_at)
      select h.citizen_id, h.session_id, h.matter_id, g.id, case when g.lead then 'lead' else 'coordinator' end, 'ticket',
             h.question, h.contact, h.created_at, coalesce(h.opens_at, h.created_at)
      from help_requests h
      join lateral (
        select u.id, u.parent_id is not distinct from h.lead_unit_id as lead
        from org_units u
        where u.kind = 'agent_group'
          and (u.parent_id = h.lead_unit_id
               or u.parent_id in (select d.id from org_units d where d.tags @> '["coordinator"]'::jsonb)
               or u.parent_id in (select c.id from org_units c where c.parent_id in (select d.id from org_units d where d.tags @> '["coordinator"]'::jsonb)))
        order by (u.parent_id is not distinct from h.lead_unit_id) desc, u.name
        limit 1
      ) g on true
      where h.status = 'waiting';
    drop table help_requests
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    create table help_requests (
      id uuid primary key default gen_random_uuid(),
      session_id uuid references assistant_sessions(id),
      citizen_id uuid not null references citizens(id),
      matter_id uuid references matters(id),
      lead_unit_id uuid references org_units(id),
      question text,
      contact text,
      status text not null default 'waiting' check (status in ('waiting','taken','closed','cancelled')),
      opens_at timestamptz,
      created_at timestamptz not null default now()
    );
    drop table canned_answers; drop table conversation_notes;
    alter table agent_status drop column last_seen_at;
    alter table conversations drop column agent_read_seq;
    alter table conversations drop column citizen_read_seq;
    alter table conversations drop column alerted_at;
    alter table conversation_messages drop column attachment_id
  `);
}
