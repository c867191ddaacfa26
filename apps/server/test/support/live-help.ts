import type { TestServer } from './harness.ts';
import { unique } from './harness.ts';
import { citizenClient, createMatter } from './kb-factory.ts';

/** Tuesday 2026-03-03 10:00 in Shanghai: a working day, inside the default hours. */
export const TUESDAY_10 = new Date('2026-03-03T02:00:00Z');

/** A department with its own help group and a matter it leads: a desk no other test touches. */
export async function liveDesk(s: TestServer, districtId: string) {
  const add = async (parent_id: string, kind: 'department' | 'agent_group', name: string) =>
    (await s.ctx.db.insertInto('org_units').values({ parent_id, kind, name, tags: '[]', working_hours: 'null', max_concurrent_chats: 5 }).returning('id').executeTakeFirstOrThrow()).id;
  const department = await add(districtId, 'department', unique('区某局'));
  const group = await add(department, 'agent_group', unique('帮办组'));
  await s.ctx.org.reload();
  const matter = await createMatter(s.ctx, { code: unique('M-'), name: unique('事项'), departmentId: department });
  const c = citizenClient(s.app);
  return {
    department,
    group,
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
