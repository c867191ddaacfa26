import type { TestServer } from './harness.ts';
import { unique } from './harness.ts';
import { citizenClient, createMatter } from './kb-factory.ts';

/** Tuesday 2026-03-03 10:00 in Shanghai: a working day, inside the default hours. */
export const TUESDAY_10 = new Date('2026-03-03T02:00:00Z');

/** A department with its own help group (default hours) and a matter it leads: units no other test touches. */
export async function createDesk(s: TestServer, districtId: string, maxChats = 5) {
  const add = async (parent_id: string, kind: 'department' | 'agent_group', name: string) =>
    (
      await s.ctx.db
        .insertInto('org_units')
        .values({ parent_id, kind, name, tags: '[]', working_hours: 'null', max_concurrent_chats: kind === 'agent_group' ? maxChats : null })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const department = await add(districtId, 'department', unique('区某局'));
  const group = await add(department, 'agent_group', unique('帮办组'));
  await s.ctx.org.reload();
  const matter = await createMatter(s.ctx, { code: unique('M-'), name: unique('事项'), departmentId: department });
  return { department, group, matter };
}

/** A desk with helpers to staff it and to bring citizens' chats to it. */
export async function liveDesk(s: TestServer, districtId: string) {
  const { department, group, matter } = await createDesk(s, districtId);
  const c = citizenClient(s.app);
  return {
    department,
    group,
    matter,
    /** An agent of the group, online (so the next chat goes to them) or not. */
    agent: async (online = true) => {
      const agent = await s.as('agent', group);
      if (online) await agent.put('/api/agent/status', { status: 'online' });
      return agent;
    },
    /** A new citizen's 转人工 on the desk's matter. */
    chat: async () => {
      const token = await c.newCitizen();
      const res = await c.call(token, 'POST', '/api/conversations', { matterId: matter });
      if (res.status !== 201) throw new Error(`handoff: ${res.status} ${JSON.stringify(res.body)}`);
      return { token, id: (res.body as { id: string; status: string }).id, status: (res.body as { status: string }).status };
    },
    newCitizen: () => c.newCitizen(),
  };
}
