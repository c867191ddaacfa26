import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort } from '../../../scripts/support/free-port.ts';
import { RtClient } from './support/realtime-client.ts';
import {
  call,
  DEFAULT_POSTGRES_URL,
  login,
  postgresDatabase,
  seedDesk,
  spawnServer,
  type ProcessDatabase,
  type SeededDesk,
  type ServerProcess,
} from './support/server-process.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const TEMPLATE = join(ROOT, 'deploy/nginx/bangban.conf');
const BUNDLE = 'apps/server/dist/main.js';

// The production run of docs/DEPLOYMENT.md on one machine: the compiled server (plain node, no tsx), two
// processes on one PostgreSQL database joined by Redis, and nginx in front with the committed config
// (deploy/nginx/bangban.conf) round-robin to both. The citizen and the agent only ever talk to nginx.
let db: ProcessDatabase;
let desk: SeededDesk;
let servers: ServerProcess[] = [];
let nginx: ChildProcess | undefined;
let nginxOut = '';
let dir: string;
let proxy: { url: string; wsUrl: string };
let citizenSocket: RtClient | undefined;
let agentSocket: RtClient | undefined;

function nginxBinary(): string {
  for (const candidate of [...(process.env.PATH ?? '').split(':').map((d) => join(d, 'nginx')), '/usr/sbin/nginx']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  throw new Error('nginx is not installed: this test needs it (`apt-get install -y nginx`; .ci/run installs it)');
}

/** The committed server block, pointed at this test's processes and port, inside a minimal main config of its own. */
function nginxConfig(port: number, upstreams: number[]): string {
  const template = readFileSync(TEMPLATE, 'utf8');
  const servers = template.match(/^\s*server 127\.0\.0\.1:\d+[^;]*;$/gm);
  assert.ok(servers && servers.length >= 2, 'the template lists its upstream servers as "server 127.0.0.1:PORT …;" lines');
  const site = template
    .replace(/^\s*server 127\.0\.0\.1:\d+[^;]*;\n/gm, '')
    .replace(/^(\s*)keepalive (\d+);$/m, (_, indent: string, n: string) => `${upstreams.map((p) => `${indent}server 127.0.0.1:${p} max_fails=3 fail_timeout=10s;`).join('\n')}\n${indent}keepalive ${n};`)
    .replace(/^\s*listen 80;$/m, `    listen 127.0.0.1:${port};`);
  assert.notEqual(site, template, 'the template was adapted');
  const t = (name: string) => join(dir, name);
  return [
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'worker_processes 1;',
    `pid ${t('nginx.pid')};`,
    `error_log ${t('error.log')} warn;`,
    'events { worker_connections 256; }',
    'http {',
    "  log_format upstreams '$request_uri $status $upstream_addr';",
    `  access_log ${t('access.log')} upstreams;`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `  ${k}_temp_path ${t(k)};`),
    site,
    '}',
    '',
  ].join('\n');
}

async function startNginx(conf: string, port: number): Promise<void> {
  const binary = nginxBinary();
  const file = join(dir, 'nginx.conf');
  writeFileSync(file, conf);
  const check = spawnSync(binary, ['-t', '-p', dir, '-c', file, '-g', 'daemon off;'], { encoding: 'utf8' });
  assert.equal(check.status, 0, `nginx -t:\n${check.stderr}`);
  nginx = spawn(binary, ['-p', dir, '-c', file, '-g', 'daemon off;'], { stdio: ['ignore', 'pipe', 'pipe'] });
  nginx.stdout!.on('data', (d: Buffer) => (nginxOut += d.toString()));
  nginx.stderr!.on('data', (d: Buffer) => (nginxOut += d.toString()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
    if (res?.status === 200) return;
    if (nginx.exitCode !== null) throw new Error(`nginx exited (${nginx.exitCode}):\n${nginxOut}`);
    if (Date.now() > deadline) throw new Error(`nginx did not answer within 10 s:\n${nginxOut}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bangban-nginx-'));
  for (const k of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir, k));
  nginxBinary(); // fail first, and loudly, on a machine without nginx
  // The production bundle, built as `npm run build:server` builds it (about 2 s).
  const built = spawnSync(process.execPath, ['scripts/build-server.mjs'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(built.status, 0, `build:server failed:\n${built.stdout}\n${built.stderr}`);

  db = await postgresDatabase(process.env.TEST_DATABASE_URL || DEFAULT_POSTGRES_URL);
  desk = await seedDesk(db);
  // TRUST_PROXY: the servers believe X-Forwarded-For from nginx on loopback only (docs/DEPLOYMENT.md).
  const env = { ...db.env, REDIS_URL, TRUST_PROXY: '127.0.0.1' };
  servers = await Promise.all([spawnServer(env, 60_000, { entry: BUNDLE }), spawnServer(env, 60_000, { entry: BUNDLE })]);
  const port = await freePort();
  await startNginx(
    nginxConfig(
      port,
      servers.map((s) => s.port),
    ),
    port,
  );
  proxy = { url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/api/realtime` };
});

after(async () => {
  citizenSocket?.ws.terminate();
  agentSocket?.ws.terminate();
  if (nginx && nginx.exitCode === null) {
    const exited = new Promise((r) => nginx!.once('exit', r));
    nginx.kill('SIGQUIT');
    const timer = setTimeout(() => nginx!.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  await Promise.all(servers.map((s) => s.stop()));
  await db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Which upstream (host:port) served each request nginx logged so far. */
const served = () =>
  readFileSync(join(dir, 'access.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' '))
    .map(([uri, status, upstream]) => ({ uri: uri!, status: Number(status), upstream: upstream! }));

describe('production run: the compiled server, two processes behind nginx', () => {
  test('the processes run the bundle under plain node, without tsx', () => {
    for (const s of servers) {
      const cmdline = readFileSync(`/proc/${s.pid}/cmdline`, 'utf8').split('\0');
      assert.ok(cmdline.includes(BUNDLE), cmdline.join(' '));
      assert.ok(!cmdline.some((a) => a.includes('tsx')), cmdline.join(' '));
    }
  });

  test('a citizen asks 小申 and hands off; the agent, signed in through nginx, gets the chat over a WebSocket and replies; the citizen gets the reply', async () => {
    const token = ((await call(proxy, 'POST', '/api/citizen/session')).body as { token: string }).token;
    assert.ok(token);
    const started = await call(proxy, 'POST', '/api/assistant/sessions', { token, body: { channel: 'page', matterId: desk.matterId } });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const asked = await call(proxy, 'POST', `/api/assistant/sessions/${started.body.sessionId}/ask`, { token, body: { question: '要带什么材料' } });
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    assert.equal(asked.body.seq, 1);

    const cookie = await login(proxy, desk.agent);
    agentSocket = await RtClient.staff(proxy.wsUrl, cookie);
    citizenSocket = await RtClient.open(proxy.wsUrl, { token });
    await citizenSocket.next((f) => f.type === 'ready');

    const handoff = await call(proxy, 'POST', '/api/conversations', { token, body: { matterId: desk.matterId, assistantSessionId: started.body.sessionId } });
    assert.equal(handoff.status, 201, JSON.stringify(handoff.body));
    assert.equal(handoff.body.status, 'queued', 'no agent is online yet');
    const id = handoff.body.id as string;
    await citizenSocket.subscribe(id, 0);

    const online = await call(proxy, 'PUT', '/api/agent/status', { cookie, body: { status: 'online' } });
    assert.equal(online.status, 200, JSON.stringify(online.body));
    assert.deepEqual(online.body.assigned, [id]);
    const assigned = await agentSocket.next((f) => f.type === 'conversation' && f.conversationId === id && f.change === 'assigned', 10_000);
    assert.equal(assigned.assignedToYou, true);
    await agentSocket.subscribe(id, 0);

    const clientId = randomUUID();
    agentSocket.send({ type: 'send', conversationId: id, clientId, body: '您好，我是帮办，材料是身份证和申请表。' });
    const reply = await citizenSocket.next((f) => f.type === 'message' && f.clientId === clientId, 10_000);
    assert.equal(reply.sender, 'agent');
    assert.equal(reply.text, '您好，我是帮办，材料是身份证和申请表。');
  });

  test('nginx spread the requests over both processes (round-robin, no sticky sessions)', () => {
    const log = served();
    assert.ok(log.length >= 6, `nginx logged ${log.length} requests`);
    const upstreams = new Set(log.flatMap((r) => r.upstream.split(', ')));
    assert.deepEqual(
      [...upstreams].sort(),
      servers.map((s) => `127.0.0.1:${s.port}`).sort(),
      `both processes served requests through nginx:\n${log.map((r) => `${r.uri} ${r.status} ${r.upstream}`).join('\n')}`,
    );
    assert.ok(log.every((r) => r.status < 500), 'no request failed at the proxy');
  });
});
