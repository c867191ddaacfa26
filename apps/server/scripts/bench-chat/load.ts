import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { OPEN, WebSocket, text, type WsSocket } from './ws.ts';

/**
 * The simulated citizens and agents of `npm run bench:chat`, all in this process. The same fleet drives the
 * real server (kind 'chat': citizens sign in with their device token and subscribe to their chat, agents with
 * their session cookie and subscribe to all of theirs) and the bare relay (kind 'relay': a citizen's socket is
 * paired with its agent's, nothing else). Only citizens send; a message counts as delivered when the frame
 * carrying its clientId reaches the socket of the chat's agent.
 */

export interface FleetSpec {
  kind: 'chat' | 'relay';
  url: string;
  /** One per agent: the chat's session cookie and conversation ids (relay: only the count matters). */
  agents: { cookie?: string; conversations: string[] }[];
  citizens: { token: string; conversationId: string; agent: number }[];
  /** Resolves once the target has worked off its backlog (see procs.ts idle); waited for after a phase with losses. */
  idle: () => Promise<void>;
}

export interface PhaseResult {
  phase: string;
  /** Target send rate (open loop) or messages kept in flight (closed loop). */
  offered: number;
  windowSeconds: number;
  sent: number;
  delivered: number;
  /** Refused by the server with an error frame. */
  failed: number;
  /** Neither delivered nor refused by the end of the drain. */
  lost: number;
  /** Of the lost, those that still came while the run waited for the target to catch up. */
  lateDelivered: number;
  /** Messages delivered to agents per second within the steady window (warm-up excluded). */
  msgsPerS: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

const CONNECT_TIMEOUT_MS = 30_000;
const BACKLOG_SECONDS = 2;

class Phase {
  sent = 0;
  delivered = 0;
  failed = 0;
  lost = 0;
  lateDelivered = 0;
  inWindow = 0;
  /** [when due or sent, latency] of every message settled or given up; the steady window's are reported. */
  readonly latencies: [number, number][] = [];
  constructor(
    readonly name: string,
    readonly offered: number,
    readonly windowStart: number,
    readonly windowEnd: number,
  ) {}

  record(at: number, receivedAt: number): void {
    this.delivered++;
    if (receivedAt >= this.windowStart && receivedAt < this.windowEnd) this.inWindow++;
    this.latencies.push([at, receivedAt - at]);
  }

  /**
   * BENCH_TIMELINE=file: per 100 ms of due time (epoch ms / 100), the messages due and their worst latency, one
   * line each, tab-separated after the phase's name. Periodic stalls show here and not in percentiles.
   */
  private writeTimeline(file: string): void {
    const worst = new Map<number, [number, number]>();
    for (const [at, ms] of this.latencies) {
      const bucket = Math.floor((performance.timeOrigin + at) / 100);
      const [n, max] = worst.get(bucket) ?? [0, 0];
      worst.set(bucket, [n + 1, Math.max(max, ms)]);
    }
    const lines = [...worst].sort((a, b) => a[0] - b[0]).map(([bucket, [n, max]]) => `${this.name}\t${bucket}\t${n}\t${max.toFixed(1)}`);
    appendFileSync(file, `${lines.join('\n')}\n`);
  }

  result(): PhaseResult {
    if (process.env.BENCH_TIMELINE) this.writeTimeline(process.env.BENCH_TIMELINE);
    // An open loop stopped early (the target fell behind) may have sent nothing after the warm-up: then all count.
    const steady = this.latencies.filter(([at]) => at >= this.windowStart && at < this.windowEnd);
    const sorted = Float64Array.from(steady.length ? steady : this.latencies, ([, ms]) => ms).sort();
    const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
    const windowSeconds = (this.windowEnd - this.windowStart) / 1000;
    return {
      phase: this.name,
      offered: this.offered,
      windowSeconds,
      sent: this.sent,
      delivered: this.delivered,
      failed: this.failed,
      lost: this.lost,
      lateDelivered: this.lateDelivered,
      msgsPerS: round(this.inWindow / windowSeconds),
      p50: round(pct(50)),
      p90: round(pct(90)),
      p99: round(pct(99)),
      max: round(sorted.length ? sorted[sorted.length - 1]! : NaN),
    };
  }
}

interface Pending {
  /** When the message was due to be sent (open loop) or was sent (closed loop), performance.now() ms. */
  at: number;
  phase: Phase;
}

export class Fleet {
  private readonly agentSockets: WsSocket[] = [];
  private readonly citizenSockets: WsSocket[] = [];
  private readonly pending = new Map<string, Pending>();
  /** Messages given up on by a phase's drain and still expected (a backlog the next phase must not inherit). */
  private readonly late = new Map<string, Phase>();
  private readonly order: number[];
  private cursor = 0;
  private counter = 0;
  private afterDelivery: ((p: Pending) => void) | undefined;
  private closing = false;
  /** Sockets the server closed while the run was on. */
  unexpectedCloses = 0;
  /** Error frames by code (those answering a send are also counted as failed messages). */
  readonly errors = new Map<string, number>();
  /** Frames with a clientId already delivered or unknown (a duplicate would break exactly-once). */
  strays = 0;

  constructor(private readonly spec: FleetSpec) {
    // Shuffled once: consecutive sends go to different chats and different agents.
    this.order = spec.citizens.map((_, i) => i);
    for (let i = this.order.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [this.order[i], this.order[j]] = [this.order[j]!, this.order[i]!];
    }
  }

  get sockets(): number {
    return this.agentSockets.length + this.citizenSockets.length;
  }

  /** Sockets open right now. */
  openSockets(): number {
    let n = 0;
    for (const s of [...this.agentSockets, ...this.citizenSockets]) if (s?.readyState === OPEN) n++;
    return n;
  }

  /** Opens every socket, agents first, `concurrency` handshakes at a time; each is ready when subscribed. */
  async open(concurrency: number, log: (msg: string) => void): Promise<void> {
    const { kind, url, agents, citizens } = this.spec;
    const started = performance.now();
    await pool(agents.length, concurrency, async (i) => {
      const agent = agents[i]!;
      const ws =
        kind === 'chat'
          ? await this.connect(url, agent.conversations.length, { cookie: agent.cookie ?? '' }, (s) => agent.conversations.forEach((id) => s.send(JSON.stringify({ type: 'subscribe', conversationId: id, afterSeq: 0 }))))
          : await this.connect(`${url}?me=a${i}`, 0);
      ws.on('message', (data) => this.onAgentFrame(text(data)));
      this.agentSockets.push(ws);
    });
    let shown = 0;
    await pool(citizens.length, concurrency, async (i) => {
      const c = citizens[i]!;
      const ws =
        kind === 'chat'
          ? await this.connect(url, 1, undefined, (s) => {
              s.send(JSON.stringify({ type: 'auth', token: c.token }));
              s.send(JSON.stringify({ type: 'subscribe', conversationId: c.conversationId, afterSeq: 0 }));
            })
          : await this.connect(`${url}?me=c${i}&to=a${c.agent}`, 0);
      ws.on('message', (data) => this.onCitizenFrame(text(data)));
      this.citizenSockets[i] = ws;
      if (++shown % 1000 === 0) log(`  ${this.agentSockets.length + shown} sockets open`);
    });
    log(`  ${this.sockets} sockets open and subscribed in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  }

  /**
   * Connects, sends the set-up frames, and resolves once `subscriptions` `subscribed` frames came back (the
   * server answers the frames in order, so `ready` comes first). An error frame or a close fails the run.
   */
  private connect(url: string, subscriptions: number, headers?: Record<string, string>, setUp?: (s: WsSocket) => void): Promise<WsSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { perMessageDeflate: false, handshakeTimeout: CONNECT_TIMEOUT_MS, ...(headers && { headers }) });
      let waiting = subscriptions;
      let settled = false;
      const timer = setTimeout(() => fail(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS);
      const fail = (err: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        ws.terminate();
        reject(err);
      };
      const done = () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(ws);
      };
      ws.on('error', fail);
      ws.on('close', (code) => {
        if (!settled) fail(new Error(`socket closed during set-up (code ${code})`));
        else if (!this.closing) this.unexpectedCloses++;
      });
      ws.on('open', () => {
        setUp?.(ws);
        if (!waiting) done();
      });
      ws.on('message', (data) => {
        if (settled) return;
        const frame = JSON.parse(text(data)) as { type: string; code?: string; message?: string };
        if (frame.type === 'error') fail(new Error(`server refused the set-up: ${frame.code} ${frame.message}`));
        else if (frame.type === 'subscribed' && --waiting === 0) done();
      });
    });
  }

  private onAgentFrame(s: string): void {
    // Only frames carrying one of our clientIds matter: the chat's `message` frame, or the relayed `send`.
    if (!s.includes('"clientId":"bench-')) return;
    const frame = JSON.parse(s) as { type: string; clientId?: string };
    if (frame.type !== 'message' && frame.type !== 'send') return;
    this.settle(frame.clientId!, true);
  }

  private onCitizenFrame(s: string): void {
    // Acks and the echo of one's own message are the protocol's; only errors are looked at.
    if (!s.startsWith('{"type":"error"')) return;
    const frame = JSON.parse(s) as { code: string; clientId?: string };
    this.errors.set(frame.code, (this.errors.get(frame.code) ?? 0) + 1);
    if (frame.clientId) this.settle(frame.clientId, false);
  }

  private settle(clientId: string, delivered: boolean): void {
    const now = performance.now();
    const p = this.pending.get(clientId);
    if (!p) {
      const phase = this.late.get(clientId);
      if (phase && delivered) phase.lateDelivered++;
      if (!this.late.delete(clientId)) this.strays++;
      return;
    }
    this.pending.delete(clientId);
    if (delivered) p.phase.record(p.at, now);
    else p.phase.failed++;
    this.afterDelivery?.(p);
  }

  private send(phase: Phase, at: number): void {
    const i = this.order[this.cursor++ % this.order.length]!;
    const n = ++this.counter;
    const clientId = `bench-${String(n).padStart(9, '0')}`;
    const c = this.spec.citizens[i]!;
    this.pending.set(clientId, { at, phase });
    phase.sent++;
    this.citizenSockets[i]!.send(JSON.stringify({ type: 'send', conversationId: c.conversationId, clientId, body: `您好，我想咨询一下这个事项的办理流程和所需材料（${n}）` }));
  }

  /**
   * Open loop: messages are due at a fixed rate whatever the answers (citizens do not wait for each other), and
   * latency counts from when each was due, so a stalled server or generator cannot hide its own delay.
   */
  async openLoop(name: string, rate: number, seconds: number, warmupSeconds: number, log: (msg: string) => void): Promise<PhaseResult> {
    const start = performance.now() + 20;
    const total = Math.round(rate * seconds);
    const phase = new Phase(name, rate, start + warmupSeconds * 1000, start + seconds * 1000);
    // More than this many seconds' worth of messages outstanding: the target is not keeping up, stop sending.
    const backlogCap = Math.max(100, rate * BACKLOG_SECONDS);
    let i = 0;
    await new Promise<void>((resolve) => {
      const tick = () => {
        const due = Math.min(total, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
        for (; i < due; i++) this.send(phase, start + (i * 1000) / rate);
        if (i >= total) return resolve();
        if (this.pending.size > backlogCap) {
          log(`  stopped sending after ${((performance.now() - start) / 1000).toFixed(1)} s: ${this.pending.size} messages outstanding (over ${BACKLOG_SECONDS} s of load), the target is not keeping up`);
          return resolve();
        }
        setTimeout(tick, 1);
      };
      setTimeout(tick, 20);
    });
    await this.drain(phase, log);
    return phase.result();
  }

  /** Closed loop: `inflight` messages always on their way; each delivery sends the next. Maximum throughput. */
  async closedLoop(name: string, inflight: number, seconds: number, warmupSeconds: number, log: (msg: string) => void): Promise<PhaseResult> {
    const start = performance.now();
    const end = start + seconds * 1000;
    const phase = new Phase(name, inflight, start + warmupSeconds * 1000, end);
    this.afterDelivery = (p) => {
      const now = performance.now();
      if (p.phase === phase && now < end) this.send(phase, now);
    };
    for (let k = 0; k < inflight; k++) this.send(phase, performance.now());
    await sleep(seconds * 1000);
    this.afterDelivery = undefined;
    await this.drain(phase, log);
    return phase.result();
  }

  /**
   * Waits for what is still on its way; what has not come in `timeoutMs` is lost (its latency counted as its age
   * then, a lower bound). Then, so that the next phase starts on an idle target, waits for the target to work off
   * its backlog, counting what still comes.
   */
  private async drain(phase: Phase, log: (msg: string) => void, timeoutMs = 15_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.pending.size && performance.now() < deadline) await sleep(20);
    const now = performance.now();
    for (const [clientId, p] of this.pending) {
      p.phase.lost++;
      p.phase.latencies.push([p.at, now - p.at]);
      this.late.set(clientId, p.phase);
    }
    this.pending.clear();
    if (!this.late.size) return;
    const lost = this.late.size;
    const started = performance.now();
    await this.spec.idle();
    await sleep(500);
    log(`  ${lost} messages missed the ${timeoutMs / 1000} s drain; the target worked its backlog off in ${((performance.now() - started) / 1000).toFixed(1)} s more, delivering ${lost - this.late.size} of them`);
    this.late.clear();
  }

  close(): void {
    this.closing = true;
    for (const s of [...this.agentSockets, ...this.citizenSockets]) s?.terminate();
  }
}

async function pool(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const round = (n: number) => Math.round(n * 10) / 10;
