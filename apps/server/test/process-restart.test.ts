import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RtClient, until } from './support/realtime-client.ts';
import { call, citizenToken, login, seedDesk, spawnServer, suiteDatabase, type ProcessDatabase, type SeededDesk, type ServerProcess } from './support/server-process.ts';

// A real server process is killed with SIGKILL in the middle of a chat and a new one is started on the same
// database: the suite's, so PGlite in a data directory by default (the embedded deployment's crash case), or
// a fresh PostgreSQL database with TEST_DATABASE_URL. What a client was acknowledged must survive; what it was
// not, it sends again with the same clientId.
const WINDOW = 5;
/** SIGKILL as soon as each side has had this many messages acknowledged (its window is still in flight). */
const KILL_AFTER_ACKS = 5;
/** A bound on each stream, far above what is sent before the kill. */
const MAX_PER_SIDE = 200;

let db: ProcessDatabase;
let desk: SeededDesk;
const servers: ServerProcess[] = [];
const sockets: RtClient[] = [];

before(async () => {
  db = await suiteDatabase();
  desk = await seedDesk(db);
});
after(async () => {
  for (const c of sockets) c.ws.terminate();
  for (const s of servers) await s.stop();
  await db?.drop();
});

type Stored = { seq: number; sender: string; clientId: string | null; text: string };

/** One side of the chat as its client app keeps it: what it sent, what was acknowledged, what it received. */
class Side {
  readonly sent = new Map<string, string>();
  readonly acked = new Map<string, number>();
  /** Message frames received, over every connection, in arrival order. */
  readonly received: any[] = [];
  socket!: RtClient;

  constructor(
    readonly name: 'citizen' | 'agent',
    readonly conversationId: string,
  ) {}

  attach(socket: RtClient): void {
    this.socket = socket;
    sockets.push(socket);
    socket.onFrame((f) => {
      if (f.conversationId !== this.conversationId) return;
      if (f.type === 'ack') this.acked.set(f.clientId, f.seq);
      if (f.type === 'message') this.received.push(f);
    });
  }

  send(clientId: string, text: string): void {
    this.sent.set(clientId, text);
    this.socket.send({ type: 'send', conversationId: this.conversationId, clientId, body: text });
  }

  /**
   * Sends up to `total` messages on the current socket, keeping `window` of them unacknowledged (the next goes
   * out as an ack comes back); returns a function that stops the stream.
   */
  stream(total: number, window: number): () => void {
    let next = 0;
    let on = true;
    const fill = () => {
      while (on && next < total && this.sent.size - this.acked.size < window) this.send(randomUUID(), `${this.name === 'citizen' ? '群众' : '工作人员'}第${next++}条消息`);
    };
    this.socket.onFrame((f) => {
      if (f.type === 'ack') fill();
    });
    fill();
    return () => (on = false);
  }

  lastSeq(): number {
    return Math.max(0, ...this.received.map((m) => m.seq));
  }

  unacknowledged(): [string, string][] {
    return [...this.sent].filter(([clientId]) => !this.acked.has(clientId));
  }
}

describe(`a server process killed mid-chat and restarted (${process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'PGlite data directory'})`, () => {
  test('nothing acknowledged is lost or duplicated; each side gets every message once, in order, across the restart', async (t) => {
    const p1 = await spawnServer(db.env);
    servers.push(p1);

    // The chat: an online agent, a citizen's 转人工 on the desk's matter, assigned to the agent at once.
    const cookie = await login(p1, desk.agent);
    assert.equal((await call(p1, 'PUT', '/api/agent/status', { cookie, body: { status: 'online' } })).status, 200);
    const token = await citizenToken(p1);
    const handoff = await call(p1, 'POST', '/api/conversations', { token, body: { matterId: desk.matterId } });
    assert.equal(handoff.status, 201, JSON.stringify(handoff.body));
    assert.equal(handoff.body.status, 'assigned');
    const id: string = handoff.body.id;
    const transcript = async (server: ServerProcess): Promise<{ items: Stored[]; lastSeq: number }> => {
      const res = await call(server, 'GET', `/api/conversations/${id}/messages?after=0`, { cookie });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };

    const citizen = new Side('citizen', id);
    const agent = new Side('agent', id);
    const connect = async (server: ServerProcess) => {
      const c = await RtClient.open(server.wsUrl, { token });
      const a = await RtClient.open(server.wsUrl, { cookie });
      citizen.attach(c);
      agent.attach(a);
      await Promise.all([c.next((f) => f.type === 'ready'), a.next((f) => f.type === 'ready')]);
    };
    await connect(p1);
    await Promise.all([citizen.socket.subscribe(id, 0), agent.socket.subscribe(id, 0)]);

    // Both sides stream, each keeping WINDOW messages in flight; P1 is SIGKILLed the moment both have had
    // KILL_AFTER_ACKS acknowledged, so that each side has acknowledged messages and unacknowledged ones.
    let killed: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
    const stopStreams = [citizen.stream(MAX_PER_SIDE, WINDOW), agent.stream(MAX_PER_SIDE, WINDOW)];
    for (const side of [citizen, agent]) {
      side.socket.onFrame((f) => {
        if (f.type !== 'ack' || killed || Math.min(citizen.acked.size, agent.acked.size) < KILL_AFTER_ACKS) return;
        killed = p1.kill();
        for (const stop of stopStreams) stop();
      });
    }
    await until(() => killed !== undefined, 'the kill', 30_000);
    assert.equal((await killed!).signal, 'SIGKILL');
    await Promise.all([citizen.socket.closed, agent.socket.closed]);

    // What each client holds when its connection drops: acks (with any that were in flight at the kill).
    const ackedBeforeKill = new Map([...citizen.acked, ...agent.acked]);
    const unackedAtKill = [...citizen.unacknowledged(), ...agent.unacknowledged()];
    assert.ok(citizen.acked.size >= KILL_AFTER_ACKS && agent.acked.size >= KILL_AFTER_ACKS);
    assert.ok(
      citizen.unacknowledged().length > 0 && agent.unacknowledged().length > 0,
      `killed mid-stream: both sides still had messages unacknowledged (${citizen.unacknowledged().length}, ${agent.unacknowledged().length})`,
    );

    // A new process on the same database. Before anyone writes again: every acknowledged message is there.
    const p2 = await spawnServer(db.env);
    servers.push(p2);
    const survived = await transcript(p2);
    assert.deepEqual(
      survived.items.map((m) => m.seq),
      Array.from({ length: survived.lastSeq }, (_, i) => i + 1),
      'after the crash the stored seqs are 1..n',
    );
    for (const [clientId, seq] of ackedBeforeKill) {
      assert.equal(survived.items.filter((m) => m.clientId === clientId).length, 1, `message ${clientId}, acknowledged as seq ${seq}, survived the kill once`);
      assert.equal(survived.items.find((m) => m.clientId === clientId)!.seq, seq, 'with the seq it was acknowledged with');
    }
    const storedButUnacked = unackedAtKill.filter(([clientId]) => survived.items.some((m) => m.clientId === clientId)).length;
    t.diagnostic(`${ackedBeforeKill.size} messages acknowledged before the kill, ${unackedAtKill.length} unacknowledged (${storedButUnacked} of them committed all the same)`);

    // The clients reconnect, resume after the last seq they received, send again with the same clientId what
    // they have no ack for, and the chat goes on.
    await connect(p2);
    await Promise.all([citizen.socket.subscribe(id, citizen.lastSeq()), agent.socket.subscribe(id, agent.lastSeq())]);
    for (const side of [citizen, agent]) for (const [clientId, text] of side.unacknowledged()) side.send(clientId, text);
    citizen.send(randomUUID(), '群众：重连以后还能继续说话吗？');
    agent.send(randomUUID(), '工作人员：可以的，您请说。');
    for (const side of [citizen, agent]) await until(() => side.acked.size === side.sent.size, `acks for all the ${side.name}'s messages`, 20_000);

    // The stored transcript, as the API gives it.
    const { items, lastSeq } = await transcript(p2);
    const n = items.length;
    assert.equal(lastSeq, n);
    assert.deepEqual(
      items.map((m) => m.seq),
      Array.from({ length: n }, (_, i) => i + 1),
      'seqs are 1..n without gaps',
    );
    const clientIds = items.flatMap((m) => (m.clientId ? [m.clientId] : []));
    assert.equal(new Set(clientIds).size, clientIds.length, 'no clientId is stored twice');
    assert.equal(clientIds.length, citizen.sent.size + agent.sent.size, 'nothing but what the two sides sent (and system notices)');
    for (const [clientId, seq] of ackedBeforeKill) {
      assert.equal(items.filter((m) => m.clientId === clientId).length, 1, `message ${clientId}, acknowledged as seq ${seq} before the kill, is stored once`);
    }
    for (const side of [citizen, agent]) {
      for (const [clientId, text] of side.sent) {
        const stored = items.find((m) => m.clientId === clientId);
        assert.deepEqual(stored && [stored.sender, stored.text, stored.seq], [side.name, text, side.acked.get(clientId)], `the ${side.name}'s message ${clientId}: stored as sent, at the seq acknowledged`);
      }
    }

    // Each side saw each message exactly once and in seq order, the frames of P1 and of P2 together.
    for (const side of [citizen, agent]) {
      await until(() => side.lastSeq() === n, `the ${side.name} receiving seq ${n}`, 10_000);
      assert.deepEqual(
        side.received.map((m) => [m.seq, m.clientId]),
        items.map((m) => [m.seq, m.clientId]),
        `the ${side.name} received every message once, in order, across the restart`,
      );
    }
  });
});
