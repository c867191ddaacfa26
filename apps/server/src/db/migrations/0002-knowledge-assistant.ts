import type { Kysely } from 'kysely';
import { runStatements } from '../run-statements.ts';

// Frozen: never edit a migration that has shipped; add a new one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    create table kb_entries (
      id uuid primary key default gen_random_uuid(),
      department_id uuid not null references org_units(id),
      sharing text not null default 'district' check (sharing in ('department','district')),
      status text not null default 'draft' check (status in ('draft','in_review','published','archived')),
      question text not null default '',
      "similar" jsonb not null default '[]',
      answer text not null,
      effective_from text,
      expires_on text,
      source text not null default 'manual' check (source in ('manual','import','agent_answer','gap')),
      source_ref text,
      external_id text,
      published_version integer,
      review_note text,
      submitted_by uuid references users(id),
      reviewed_by uuid references users(id),
      created_by uuid references users(id),
      updated_by uuid references users(id),
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index kb_entries_department_idx on kb_entries(department_id, status);
    create unique index kb_entries_external_idx on kb_entries(external_id);

    create table kb_entry_matters (
      entry_id uuid not null references kb_entries(id) on delete cascade,
      matter_id uuid not null references matters(id) on delete cascade,
      primary key (entry_id, matter_id)
    );
    create index kb_entry_matters_matter_idx on kb_entry_matters(matter_id);

    create table kb_entry_related (
      entry_id uuid not null references kb_entries(id) on delete cascade,
      related_id uuid not null references kb_entries(id) on delete cascade,
      primary key (entry_id, related_id),
      check (entry_id <> related_id)
    );

    create table kb_entry_versions (
      entry_id uuid not null references kb_entries(id) on delete cascade,
      version integer not null,
      question text not null,
      "similar" jsonb not null,
      answer text not null,
      matter_ids jsonb not null,
      effective_from text,
      expires_on text,
      published_by uuid references users(id),
      published_at timestamptz not null default now(),
      note text,
      primary key (entry_id, version)
    );

    create table kb_gaps (
      id uuid primary key default gen_random_uuid(),
      question text not null,
      normalized text not null,
      matter_id uuid references matters(id),
      department_id uuid references org_units(id),
      source text not null check (source in ('no_match','not_solved','agent')),
      status text not null default 'open' check (status in ('open','answered','dismissed')),
      occurrences integer not null default 1,
      first_session_id uuid,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      due_at timestamptz,
      answered_entry_id uuid references kb_entries(id),
      answered_at timestamptz,
      closed_by uuid references users(id),
      dismiss_reason text
    );
    create index kb_gaps_department_idx on kb_gaps(department_id, status);
    create unique index kb_gaps_open_question_idx on kb_gaps(normalized) where status = 'open';

    create table assistant_sessions (
      id uuid primary key default gen_random_uuid(),
      citizen_id uuid not null references citizens(id),
      channel text not null check (channel in ('widget','page')),
      matter_id uuid references matters(id),
      page_url text,
      started_at timestamptz not null default now(),
      last_activity_at timestamptz not null default now(),
      ended_at timestamptz,
      question_count integer not null default 0,
      human_requested_at timestamptz
    );
    create index assistant_sessions_started_idx on assistant_sessions(started_at);
    create index assistant_sessions_citizen_idx on assistant_sessions(citizen_id);

    create table assistant_turns (
      id uuid primary key default gen_random_uuid(),
      session_id uuid not null references assistant_sessions(id),
      seq integer not null,
      question text not null,
      intent text not null,
      outcome text not null check (outcome in ('answer','suggest','none','scope','smalltalk')),
      entry_id uuid references kb_entries(id),
      entry_version integer,
      matter_id uuid references matters(id),
      department_id uuid references org_units(id),
      confidence double precision,
      candidates jsonb not null default '[]',
      reply text not null,
      feedback text check (feedback in ('solved','not_solved')),
      feedback_at timestamptz,
      latency_ms double precision,
      created_at timestamptz not null default now(),
      unique (session_id, seq)
    );
    create index assistant_turns_created_idx on assistant_turns(created_at);

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
    create index help_requests_status_idx on help_requests(status, created_at)
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    drop table help_requests; drop table assistant_turns; drop table assistant_sessions; drop table kb_gaps;
    drop table kb_entry_versions; drop table kb_entry_related; drop table kb_entry_matters; drop table kb_entries
  `);
}
