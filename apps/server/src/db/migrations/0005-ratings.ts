import type { Kysely } from 'kysely';
import { runStatements } from '../run-statements.ts';

// Frozen: never edit a migration that has shipped; add a new one.
// A rating belongs to one closed conversation (unique): the citizen is known only through it. agent, group and
// department are the attribution at rating time, so later transfers or org changes do not move old figures.
// A bad rating (1–2) must carry a reason; its follow-up (差评整改) is a separate row with its own lifecycle.
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `
    create table ratings (
      id uuid primary key default gen_random_uuid(),
      conversation_id uuid not null unique references conversations(id),
      agent_id uuid references users(id),
      group_id uuid not null references org_units(id),
      department_id uuid references org_units(id),
      overall smallint not null check (overall between 1 and 5),
      efficiency smallint check (efficiency between 1 and 5),
      guide_accuracy smallint check (guide_accuracy between 1 and 5),
      convenience smallint check (convenience between 1 and 5),
      ease_of_use smallint check (ease_of_use between 1 and 5),
      reason text check (reason in ('not_solved','slow','attitude','unclear','inaccurate','hard_to_use','other')),
      reason_text text,
      comment text,
      rated_at timestamptz not null,
      revised_at timestamptz,
      check (overall > 2 or reason is not null)
    );
    create index ratings_rated_idx on ratings(rated_at);
    create index ratings_group_idx on ratings(group_id, rated_at);
    create index ratings_agent_idx on ratings(agent_id, rated_at);

    create table rating_follow_ups (
      id uuid primary key default gen_random_uuid(),
      rating_id uuid not null unique references ratings(id),
      status text not null check (status in ('open','called_back','rectified','closed','dismissed','withdrawn')),
      due_at timestamptz,
      call_back_note text,
      called_back_at timestamptz,
      called_back_by uuid references users(id),
      rectification text,
      rectified_at timestamptz,
      rectified_by uuid references users(id),
      close_note text,
      closed_at timestamptz,
      closed_by uuid references users(id),
      dismiss_reason text,
      dismissed_at timestamptz,
      dismissed_by uuid references users(id),
      created_at timestamptz not null
    );
    create index rating_follow_ups_due_idx on rating_follow_ups(status, due_at)
  `);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, `drop table rating_follow_ups; drop table ratings`);
}
