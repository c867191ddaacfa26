import type { Kysely } from 'kysely';
import { runStatements } from '../run-statements.ts';

// Frozen: never edit a migration that has shipped; add a new one.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    create table org_units (
      id uuid primary key default gen_random_uuid(),
      parent_id uuid references org_units(id),
      kind text not null check (kind in ('district','department','service_center','agent_group')),
      name text not null,
      code text unique,
      tags jsonb not null default '[]',
      working_hours jsonb,
      max_concurrent_chats integer,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index org_units_parent_idx on org_units(parent_id);

    create table users (
      id uuid primary key default gen_random_uuid(),
      username text not null unique,
      display_name text not null,
      password_hash text not null,
      role text not null,
      org_unit_id uuid not null references org_units(id),
      phone text,
      disabled boolean not null default false,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      last_login_at timestamptz,
      password_changed_at timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index users_org_idx on users(org_unit_id);

    create table sessions (
      id text primary key,
      user_id uuid not null references users(id),
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      idle_expires_at timestamptz not null,
      revoked_at timestamptz,
      ip text,
      user_agent text
    );
    create index sessions_user_idx on sessions(user_id);

    create table citizens (
      id uuid primary key default gen_random_uuid(),
      token_hash text not null unique,
      created_at timestamptz not null default now(),
      last_seen_at timestamptz not null default now(),
      verified_at timestamptz,
      sso_provider text,
      sso_subject text,
      real_name text,
      id_number text,
      phone text,
      unique (sso_provider, sso_subject)
    );

    create table sso_states (
      state text primary key,
      citizen_id uuid not null references citizens(id),
      provider text not null,
      expires_at timestamptz not null
    );

    create table matters (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name text not null,
      type text not null,
      audience text not null check (audience in ('personal','enterprise','both')),
      department_id uuid not null references org_units(id),
      source_department text,
      hall text not null default 'other' check (hall in ('district_center','community_center','other')),
      hall_unit_id uuid references org_units(id),
      lead_unit_id uuid not null references org_units(id),
      top_rank integer check (top_rank between 1 and 100),
      top_batch integer check (top_batch in (2021, 2022)),
      area text,
      service_objects jsonb not null default '[]',
      themes jsonb not null default '[]',
      location text,
      legal_time_limit text,
      promised_time_limit text,
      consult_phone text,
      complain_phone text,
      materials jsonb not null default '[]',
      accept_standard text,
      url text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index matters_department_idx on matters(department_id);
    create index matters_lead_idx on matters(lead_unit_id);
    create index matters_rank_idx on matters(top_rank);

    create table calendar_overrides (
      date text primary key check (date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
      working boolean not null,
      name text,
      updated_by uuid references users(id),
      updated_at timestamptz not null default now()
    );

    create table calendar_years (
      year integer primary key,
      note text,
      declared_by uuid references users(id),
      created_at timestamptz not null default now()
    );

    create table audit_events (
      id uuid primary key default gen_random_uuid(),
      occurred_at timestamptz not null default now(),
      action text not null,
      actor_id uuid,
      actor_role text,
      actor_name text,
      org_unit_id uuid,
      subject_type text not null,
      subject_id text,
      summary text,
      before jsonb,
      after jsonb,
      ip text,
      request_id text
    );
    create index audit_events_time_idx on audit_events(occurred_at desc);
    create index audit_events_actor_idx on audit_events(actor_id);
    create index audit_events_subject_idx on audit_events(subject_type, subject_id);
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    drop table audit_events; drop table calendar_years; drop table calendar_overrides; drop table matters;
    drop table sso_states; drop table citizens; drop table sessions; drop table users; drop table org_units;
  `);
}
