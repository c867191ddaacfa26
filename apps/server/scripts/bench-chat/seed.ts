import { randomUUID } from 'node:crypto';
import { createRuntime } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config/env.ts';
import { SYSTEM_TEXT } from '../../src/modules/conversations/conversation-writes.ts';
import { hashPassword } from '../../src/modules/identity/password.ts';
import { newToken } from '../../src/modules/identity/tokens.ts';

/** The agents' password: they sign in through POST /api/auth/login like anyone else. */
export const AGENT_PASSWORD = 'Bench-pass-2026';
/** Agents per agent group (each group in its own department, so scopes stay realistic). */
const AGENTS_PER_GROUP = 20;
/** The most chats an agent may hold (agent_status.max_chats is checked 1..50). */
export const MAX_CHATS = 50;

export interface SeededAgent {
  username: string;
  /** Conversation ids assigned to this agent. */
  conversations: string[];
}

export interface SeededCitizen {
  token: string;
  conversationId: string;
  /** Index into `agents` of the agent the chat is assigned to. */
  agent: number;
}

export interface Seeded {
  agents: SeededAgent[];
  citizens: SeededCitizen[];
}

/**
 * Migrates the fresh database and writes the district the load runs against, in bulk: agent groups with
 * online agents, and per citizen a device token and one chat already assigned to an agent (status 'assigned',
 * seq 1 = the system notice an assignment writes, seq 2 = the agent's greeting, so the first response is given),
 * spread evenly so that no agent is over MAX_CHATS - 1.
 */
export async function seed(databaseUrl: string, clockStart: string, sockets: number, log: (msg: string) => void): Promise<Seeded> {
  const agentCount = Math.ceil(sockets / MAX_CHATS);
  const citizenCount = sockets - agentCount;
  if (agentCount < 1 || citizenCount < 1) throw new Error(`BENCH_SOCKETS=${sockets} is too small`);
  if (citizenCount > agentCount * (MAX_CHATS - 1)) throw new Error(`BENCH_SOCKETS=${sockets}: ${citizenCount} chats do not fit ${agentCount} agents`);

  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl, SEED_DEMO: 'false', LOG_LEVEL: 'silent', TEST_CLOCK_START: clockStart });
  const runtime = await createRuntime(config, { db: { url: databaseUrl, poolSize: 4 } });
  try {
    const db = runtime.ctx.db;
    const now = runtime.ctx.clock.now();
    const unit = async (parent_id: string | null, kind: 'district' | 'department' | 'agent_group', name: string) =>
      (
        await db
          .insertInto('org_units')
          .values({ parent_id, kind, name, tags: '[]', working_hours: 'null', max_concurrent_chats: kind === 'agent_group' ? MAX_CHATS : null })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const district = await unit(null, 'district', '基准测试区');
    const groups: string[] = [];
    for (let g = 0; g * AGENTS_PER_GROUP < agentCount; g++) {
      const department = await unit(district, 'department', `基准测试局${g + 1}`);
      groups.push(await unit(department, 'agent_group', `基准测试帮办组${g + 1}`));
    }

    const passwordHash = await hashPassword(AGENT_PASSWORD);
    const agents = Array.from({ length: agentCount }, (_, i) => ({
      id: randomUUID(),
      username: `bench-agent-${i + 1}`,
      group: groups[Math.floor(i / AGENTS_PER_GROUP)]!,
      conversations: [] as string[],
    }));
    for (const part of chunks(agents, 500)) {
      await db
        .insertInto('users')
        .values(part.map((a) => ({ id: a.id, username: a.username, display_name: `坐席${a.username.slice(12)}`, role: 'agent', org_unit_id: a.group, password_hash: passwordHash })))
        .execute();
      await db
        .insertInto('agent_status')
        .values(part.map((a) => ({ user_id: a.id, group_id: a.group, status: 'online' as const, max_chats: MAX_CHATS, last_assigned_at: now, updated_at: now })))
        .execute();
    }

    const citizens = Array.from({ length: citizenCount }, (_, i) => ({ id: randomUUID(), conversationId: randomUUID(), agent: i % agentCount, ...newToken() }));
    let done = 0;
    for (const part of chunks(citizens, 1000)) {
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('citizens')
          .values(part.map((c) => ({ id: c.id, token_hash: c.hash, last_seen_at: now })))
          .execute();
        await trx
          .insertInto('conversations')
          .values(
            part.map((c) => {
              const agent = agents[c.agent]!;
              return {
                id: c.conversationId,
                citizen_id: c.id,
                group_id: agent.group,
                routed_via: 'department' as const,
                status: 'assigned' as const,
                question: '基准测试：咨询办理流程',
                agent_id: agent.id,
                requested_at: now,
                sla_start_at: now,
                queue_since: now,
                assigned_at: now,
                // Answered already (a chat under way): no first-response alert for the supervisors to raise.
                first_response_at: now,
                first_response_by: agent.id,
                last_seq: 2,
              };
            }),
          )
          .execute();
        await trx
          .insertInto('conversation_messages')
          .values(
            part.flatMap((c) => [
              { conversation_id: c.conversationId, seq: 1, sender: 'system' as const, author_id: null, body: SYSTEM_TEXT.assigned, created_at: now },
              { conversation_id: c.conversationId, seq: 2, sender: 'agent' as const, author_id: agents[c.agent]!.id, body: '您好，请问有什么可以帮您？', created_at: now },
            ]),
          )
          .execute();
      });
      for (const c of part) agents[c.agent]!.conversations.push(c.conversationId);
      done += part.length;
    }
    log(`seeded ${groups.length} agent groups, ${agentCount} agents, ${done} citizens with one assigned chat each`);
    return {
      agents: agents.map((a) => ({ username: a.username, conversations: a.conversations })),
      citizens: citizens.map((c) => ({ token: c.token, conversationId: c.conversationId, agent: c.agent })),
    };
  } finally {
    await runtime.close();
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
