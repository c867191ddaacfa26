import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { freePort } from '../../../../scripts/support/free-port.ts';

export { freePort };

/** A child process of the run (the server under test, the relay) with the tail of its output kept. */
export class Child {
  private readonly tail: string[] = [];
  lines = 0;
  private constructor(
    readonly name: string,
    readonly proc: ChildProcess,
  ) {
    const keep = (chunk: Buffer) => {
      if (process.env.BENCH_CHILD_LOG) appendFileSync(`${process.env.BENCH_CHILD_LOG}.${name}`, chunk);
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        this.lines++;
        this.tail.push(line);
        if (this.tail.length > 40) this.tail.shift();
      }
    };
    proc.stdout!.on('data', keep);
    proc.stderr!.on('data', keep);
  }

  static start(name: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Child {
    return new Child(name, spawn(process.execPath, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] }));
  }

  get pid(): number {
    return this.proc.pid!;
  }

  output(): string {
    return this.tail.join('\n');
  }

  /** Forgets the output so far (the start-up banner), so that `lines` and `output()` are what came after. */
  forget(): void {
    this.tail.length = 0;
    this.lines = 0;
  }

  /** Resolves with the first output line that matches, or fails if the process exits or the time runs out. */
  async waitFor(match: (line: string) => boolean, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.tail.find(match);
      if (hit) return hit;
      if (this.proc.exitCode !== null || this.proc.signalCode !== null) throw new Error(`${this.name} exited early (${this.proc.exitCode ?? this.proc.signalCode}):\n${this.output()}`);
      if (Date.now() > deadline) throw new Error(`${this.name} did not start within ${timeoutMs / 1000} s:\n${this.output()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    const p = this.proc;
    if (p.exitCode !== null || p.signalCode !== null) return;
    const exited = new Promise<void>((r) => p.once('exit', () => r()));
    p.kill('SIGTERM');
    const timer = setTimeout(() => p.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

/* CPU accounting from /proc (Linux): where the machine's time went during a phase. */

const TICK_MS = 10; // USER_HZ is 100 on Linux
export const CORES = cpus().length;

/** CPU time (user + system) of a process, in ms; 0 if it is gone. */
export function processCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return 0;
  }
}

/** Resident memory of a process, in MB. */
export function rssMb(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Math.round(Number(kb) / 1024) : 0;
  } catch {
    return 0;
  }
}

/**
 * CPU time of each PostgreSQL process that works for `database` (its backends, by their process title) and of
 * the shared WAL writer, checkpointer and background writer, in ms by pid. Backends of other databases (other
 * work on the same server) are left out.
 */
export function postgresCpuMs(database: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      const title = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (title.includes(` ${database} `) || /postgres: (walwriter|checkpointer|background writer)/.test(title)) out.set(Number(entry), processCpuMs(Number(entry)));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/**
 * PostgreSQL's CPU over a stretch of time. Backends come and go (the server's pool closes idle connections), so
 * each is sampled every 500 ms and counted from its first sample (0 if it started meanwhile) to its last.
 */
class PostgresMeter {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly database: string) {
    for (const [pid, ms] of postgresCpuMs(database)) this.first.set(pid, ms);
    this.timer = setInterval(() => this.sample(), 500);
  }

  private sample(): void {
    for (const [pid, ms] of postgresCpuMs(this.database)) this.last.set(pid, ms);
  }

  stop(): number {
    clearInterval(this.timer);
    this.sample();
    let total = 0;
    for (const [pid, ms] of this.last) total += Math.max(0, ms - (this.first.get(pid) ?? 0));
    return total;
  }
}

/**
 * Resolves once the process has been (nearly) idle for a second: under 5% of a core in each of two half-second
 * samples. Gives up after `capMs`.
 */
export async function idle(pid: number, capMs = 180_000): Promise<void> {
  const started = performance.now();
  let calm = 0;
  let last = processCpuMs(pid);
  while (calm < 2 && performance.now() - started < capMs) {
    await new Promise((r) => setTimeout(r, 500));
    const now = processCpuMs(pid);
    calm = now - last <= 25 ? calm + 1 : 0;
    last = now;
  }
}

/** Busy and total CPU time of the whole machine, in ms (all cores). */
export function machineCpuMs(): { busy: number; total: number } {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = (v[3] ?? 0) + (v[4] ?? 0);
    const total = v.reduce((a, b) => a + b, 0);
    return { busy: (total - idle) * TICK_MS, total: total * TICK_MS };
  } catch {
    return { busy: 0, total: 0 };
  }
}

export interface CpuShare {
  /** Wall time of the phase, ms. */
  wallMs: number;
  /** CPU time over the phase, ms: the target process, this process, PostgreSQL (see postgresCpuMs). */
  targetMs: number;
  generatorMs: number;
  postgresMs: number;
  /** Every other process of the machine (other work on it skews the figures), ms. */
  othersMs: number;
  /** The whole machine, percent of all cores. */
  machine: number;
}

/** Runs `work` and says how busy the target process, this process, PostgreSQL and the machine were. */
export async function withCpu<T>(targetPid: number, database: string, work: () => Promise<T>): Promise<{ result: T; cpu: CpuShare }> {
  const t0 = performance.now();
  const target0 = processCpuMs(targetPid);
  const self0 = process.cpuUsage();
  const pg = new PostgresMeter(database);
  const m0 = machineCpuMs();
  let result: T;
  try {
    result = await work();
  } catch (err) {
    pg.stop();
    throw err;
  }
  const wallMs = performance.now() - t0;
  const self = process.cpuUsage(self0);
  const m1 = machineCpuMs();
  const targetMs = processCpuMs(targetPid) - target0;
  const generatorMs = (self.user + self.system) / 1000;
  const postgresMs = pg.stop();
  const busy = m1.total > m0.total ? (m1.busy - m0.busy) / (m1.total - m0.total) : 0;
  const othersMs = Math.max(0, busy * CORES * wallMs - targetMs - generatorMs - postgresMs);
  return { result, cpu: { wallMs, targetMs, generatorMs, postgresMs, othersMs, machine: Math.round(busy * 100) } };
}

/** Percent of one core. */
export const share = (ms: number, cpu: CpuShare) => Math.round((ms / cpu.wallMs) * 100);
