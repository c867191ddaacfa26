import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { fixedClock } from '../src/lib/clock.ts';
import { postMessage, type Speaker } from '../src/modules/conversations/message.commands.ts';
import { authenticate } from '../src/modules/identity/session.commands.ts';
import { startTestServer, type Caller, type TestServer } from './support/harness.ts';
import { citizenClient } from './support/kb-factory.ts';
import { createDesk, TUESDAY_10 } from './support/live-help.ts';

// Chat messages are written in batches (message-writer.ts): whatever arrives while one transaction runs goes
// into the next. These tests send bursts and check, on the stored rows, that batching changes nothing a single
// write promises: each message its own answer, gap-free seqs, idempotent clientIds, per-message rules,
// first response and audit per agent message, and one bad message never takes the others down.
const clock = fixedClock(TUESDAY_10);
let s: TestServer;
let units: Awaited<ReturnType<TestServer['seedOrg']>>;
let c: ReturnType<typeof citizenClient>;

before(async () => {
  s = await startTestServer({ clock });
  units = await s.seedOrg();
  c = citizenClient(s.app);
});
after(() => s.close());

/** A desk with one online agent and `n` chats assigned to them. */
async function servedChats(n: number) {
  const d = await createDesk(s, units.district, n);
  const agent = await s.as('agent', d.group);
  assert.equal((await agent.put('/api/agent/status', { status: 'online' })).status, 200);
  const chats: { token: string; id: string }[] = [];
  for (let i = 0; i < n; i++) {
    const token = await c.newCitizen();
    const res = await c.call(token, 'POST', '/api/conversations', { matterId: d.matter });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.status, 'assigned');
    chats.push({ token, id: res.body.id });
  }
  return { ...d, agent, chats };
}

const citizenSays = (token: string, id: string, text: string, clientId: string = randomUUID()) => c.call(token, 'POST', `/api/conversations/${id}/messages`, { clientId, text });
const agentSays = (agent: Caller, id: string, text: string, clientId: string = randomUUID()) => agent.post(`/api/conversations/${id}/messages`, { clientId, text });

/** The chat's stored messages with the transaction that wrote each (rows written together share xmin). */
async function stored(conversationId: string) {
  const { rows } = await sql<{ seq: number; sender: string; body: string; client_id: string | null; tx: string }>`
    select seq, sender, body, client_id, xmin::text as tx from conversation_messages where conversation_id = ${conversationId} order by seq`.execute(s.ctx.db);
  return rows;
}

describe('chat messages written in batches', () => {
  test('a burst is stored in a few transactions, each message with its own gap-free seq, first response and audit row', async () => {
    clock.set(TUESDAY_10);
    const { agent, chats } = await servedChats(6);
    const seqBefore = await Promise.all(chats.map(async (ch) => (await stored(ch.id)).length));
    // As the WebSocket delivers them (the sender known, nothing else to look up): three messages from every
    // citizen and one from the agent in every chat, all at once.
    const actor = await authenticate(s.ctx, agent.cookie.split('=')[1]);
    const bySeat = await Promise.all(chats.map((ch) => s.ctx.db.selectFrom('conversations').select('citizen_id').where('id', '=', ch.id).executeTakeFirstOrThrow()));
    const sends = chats.flatMap((ch, i) => {
      const citizen: Speaker = { kind: 'citizen', citizen: { kind: 'citizen', citizenId: bySeat[i]!.citizen_id } };
      return [
        ...[1, 2, 3].map((k) => ({ ch, who: citizen, text: `群众${i}-第${k}句` })),
        { ch, who: { kind: 'agent', actor } as Speaker, text: `工作人员答复${i}` },
      ];
    });
    const results = await Promise.all(sends.map(async (x) => ({ ...x, posted: await postMessage(s.ctx, x.who, x.ch.id, { clientId: randomUUID(), text: x.text }) })));
    assert.ok(results.every((r) => r.posted.created && r.posted.message.body === r.text));

    const txs = new Set<string>();
    for (const [i, ch] of chats.entries()) {
      const rows = await stored(ch.id);
      rows.slice(seqBefore[i]).forEach((m) => txs.add(m.tx));
      assert.deepEqual(rows.map((m) => m.seq), rows.map((_, k) => k + 1), 'gap-free, from 1');
      const mine = results.filter((x) => x.ch === ch).map((x) => x.posted.message);
      // Each caller was answered with its own row: the seq and text it got are the ones stored.
      for (const m of mine) assert.equal(rows.find((row) => row.seq === m.seq)?.body, m.body);
      assert.equal(new Set(mine.map((m) => m.seq)).size, 4);
      const chat = await s.ctx.db.selectFrom('conversations').selectAll().where('id', '=', ch.id).executeTakeFirstOrThrow();
      assert.equal(chat.last_seq, rows.length);
      assert.equal(chat.first_response_by, agent.userId);
      assert.equal(chat.first_response_at?.toISOString(), TUESDAY_10.toISOString());
    }
    assert.ok(txs.size < results.length / 2, `24 messages in ${txs.size} transactions: they were batched`);

    const audit = await s.ctx.db
      .selectFrom('audit_events')
      .select(['actor_id', 'subject_id', 'summary'])
      .where('action', '=', 'conversation.message_sent')
      .where('subject_id', 'in', chats.map((ch) => ch.id))
      .execute();
    // One audit row per agent message, by that agent; citizens' messages are their own record.
    assert.equal(audit.length, chats.length);
    assert.ok(audit.every((a) => a.actor_id === agent.userId && /^工作人员发送第 \d+ 条消息$/.test(a.summary ?? '')));
    assert.ok(!JSON.stringify(audit).includes('工作人员答复'), 'the text stays out of the audit trail');
  });

  test('in one burst, each message is judged on its own: refusals, retries and twins do not disturb the rest', async () => {
    clock.set(TUESDAY_10);
    const { agent, chats } = await servedChats(3);
    const [open, toClose, other] = chats as [(typeof chats)[0], (typeof chats)[0], (typeof chats)[0]];
    const earlier = await citizenSays(open.token, open.id, '先发的一句', 'retry-client-1');
    assert.equal(earlier.status, 201);
    assert.equal((await agent.post(`/api/conversations/${toClose.id}/close`, { outcome: 'resolved' })).status, 200);
    const outsider = await s.as('agent', (await createDesk(s, units.district)).group);

    const [retry, twinA, twinB, closed, foreign, stranger, good1, good2] = await Promise.all([
      citizenSays(open.token, open.id, '先发的一句', 'retry-client-1'), // stored before: the same row again
      citizenSays(other.token, other.id, '点了两次', 'twin-client-1'),
      citizenSays(other.token, other.id, '点了两次', 'twin-client-1'),
      citizenSays(toClose.token, toClose.id, '结束后又发'),
      citizenSays(other.token, open.id, '发到别人的对话里'),
      agentSays(outsider, open.id, '别的部门插话'),
      citizenSays(open.token, open.id, '正常的一句'),
      agentSays(agent, other.id, '正常的答复'),
    ]);
    assert.equal(retry.status, 200);
    assert.deepEqual(retry.body, earlier.body);
    assert.deepEqual([twinA.status, twinB.status].sort(), [200, 201]);
    assert.equal(twinA.body.id, twinB.body.id);
    assert.equal(closed.body.error.code, 'CONVERSATION_BAD_TRANSITION');
    assert.equal(foreign.body.error.code, 'CONVERSATION_NOT_FOUND');
    assert.equal(stranger.body.error.code, 'OUT_OF_SCOPE');
    assert.deepEqual([good1.status, good2.status], [201, 201]);

    const texts = async (id: string) => (await stored(id)).map((m) => [m.seq, m.body]);
    assert.deepEqual(await texts(open.id), [[1, '工作人员已接入，请直接输入您的问题。'], [2, '先发的一句'], [3, '正常的一句']]);
    assert.deepEqual(await texts(other.id), [[1, '工作人员已接入，请直接输入您的问题。'], [2, '点了两次'], [3, '正常的答复']]);
    assert.equal((await texts(toClose.id)).length, 2, 'nothing after the closing message');
  });

  test('a batch the database refuses is done again one message at a time: only the bad one fails', async () => {
    clock.set(TUESDAY_10);
    const { agent, chats } = await servedChats(4);
    // A stand-in for any row the database rejects mid-batch (a constraint, a broken value): a trigger.
    await sql`
      create function bangban_test_refuse() returns trigger language plpgsql as $$
      begin
        if new.body = '数据库拒收的一句' then raise exception 'refused by test trigger'; end if;
        return new;
      end $$`.execute(s.ctx.db);
    await sql`create trigger bangban_test_refuse before insert on conversation_messages for each row execute function bangban_test_refuse()`.execute(s.ctx.db);
    try {
      const results = await Promise.all([
        ...chats.map((ch, i) => citizenSays(ch.token, ch.id, `第${i}位群众的问题`)),
        citizenSays(chats[1]!.token, chats[1]!.id, '数据库拒收的一句'),
        ...chats.map((ch, i) => agentSays(agent, ch.id, `给第${i}位的答复`)),
      ]);
      const refused = results[chats.length]!;
      assert.equal(refused.status, 500);
      assert.equal(refused.body.error.code, 'INTERNAL');
      const others = results.filter((r) => r !== refused);
      for (const r of others) assert.equal(r.status, 201, JSON.stringify(r.body));
      for (const [i, ch] of chats.entries()) {
        const rows = await stored(ch.id);
        assert.deepEqual(rows.map((m) => m.seq), [1, 2, 3], 'gap-free: the refused message took no seq');
        assert.deepEqual(rows.slice(1).map((m) => m.body).sort(), [`第${i}位群众的问题`, `给第${i}位的答复`].sort());
      }
    } finally {
      await sql`drop trigger bangban_test_refuse on conversation_messages`.execute(s.ctx.db);
      await sql`drop function bangban_test_refuse()`.execute(s.ctx.db);
    }
  });

  test('a message with a character the database cannot keep is refused with a clear error', async () => {
    clock.set(TUESDAY_10);
    const { chats } = await servedChats(1);
    const res = await citizenSays(chats[0]!.token, chats[0]!.id, '你好\u0000啊');
    assert.equal(res.status, 400);
    assert.equal(res.body.error.code, 'VALIDATION_FAILED');
  });
});
