import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_REQUESTS: bool.default(false),
  SEED_DEMO: bool.default(true),
  /** Demo accounts must set their own password at their first sign-in (false: browser tests of other journeys). */
  DEMO_MUST_CHANGE_PASSWORD: bool.default(true),
  DEMO_PASSWORD: z.string().min(10).default('Bangban@2026'), // PUBLISHED_DEMO_PASSWORD
  /** An example knowledge base the demo seed also imports (apps/server/seed/SOURCE.md); none by default. */
  SEED_EXAMPLE_KB: z.enum(['faq-bj']).optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(3).max(20).default(5),
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(30),
  LOGIN_LOCK_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  COOKIE_SECURE: bool.default(false),
  SSO_DEMO: bool.default(true),
  PUBLIC_URL: z.url().optional(),
  /** Further public origins of this deployment (comma-separated), besides PUBLIC_URL's: WebSocket and CSRF checks. */
  ALLOWED_ORIGINS: z.string().default('').transform(origins),
  /** Portal sites (origins, comma-separated) that may frame the citizen chat (/chat, the widget's iframe). */
  PORTAL_ORIGINS: z.string().default('').transform(origins),
  /** Proxies (IPs or CIDRs, comma-separated) whose X-Forwarded-For is believed; empty: nobody's, the peer is the client. */
  TRUST_PROXY: z.string().default('').transform(proxies),
  /** NODE_ENV=production refuses the demo password, demo real-name provider and implicit insecure cookies unless this is true. */
  ALLOW_DEMO_IN_PRODUCTION: bool.default(false),
  WEB_DIST: z.string().optional(),
  BLOB_STORE: z.enum(['local', 's3']).default('local'),
  S3_ENDPOINT: z.url().optional(),
  S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name').optional(),
  S3_REGION: z.string().min(1).default('us-east-1'),
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  ATTACHMENT_MAX_IMAGE_MB: z.coerce.number().positive().max(100).default(10),
  ATTACHMENT_MAX_VOICE_MB: z.coerce.number().positive().max(100).default(5),
  ATTACHMENT_MAX_FILE_MB: z.coerce.number().positive().max(100).default(20),
  REALTIME_HEARTBEAT_SECONDS: z.coerce.number().positive().max(300).default(25),
  /** An agent whose desk lost its connection keeps status and chats this long; then the system sets them away. */
  AGENT_DISCONNECT_GRACE_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
  /** Tests only: the clock starts at this instant and runs on in real time (browser journeys in working hours). */
  TEST_CLOCK_START: z.iso.datetime({ offset: true }).optional(),
}).superRefine((e, issue) => {
  if (e.TEST_CLOCK_START && e.NODE_ENV !== 'test') issue.addIssue({ code: 'custom', path: ['TEST_CLOCK_START'], message: 'only allowed with NODE_ENV=test' });
  // S3 settings are only required when S3 is chosen; each missing one is named on its own.
  if (e.BLOB_STORE !== 's3') return;
  for (const key of ['S3_ENDPOINT', 'S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const) {
    if (!e[key]) issue.addIssue({ code: 'custom', path: [key], message: 'required when BLOB_STORE=s3' });
  }
});

export interface S3Config {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export type Config = {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  /** One log line per request (off by default: a quiet terminal). */
  logRequests: boolean;
  seedDemo: boolean;
  demoPassword: string;
  demoMustChangePassword: boolean;
  seedExampleKb: 'faq-bj' | null;
  session: { idleMinutes: number; maxHours: number; cookieSecure: boolean };
  login: { maxFailures: number; lockMinutes: number; ratePerMinute: number };
  sso: { demo: boolean };
  publicUrl: string | undefined;
  /** ALLOWED_ORIGINS: origins of this deployment's pages besides PUBLIC_URL's and the request's own. */
  allowedOrigins: string[];
  /** PORTAL_ORIGINS: the portal sites allowed to frame the citizen chat. */
  portalOrigins: string[];
  webDist: string;
  /** TRUST_PROXY: the proxies whose X-Forwarded-For names the client (empty: trust nobody). */
  trustProxy: string[];
  /** Chat attachments: where blobs live, and the byte limit of each kind. */
  attachments: { store: 'local' | 's3'; s3: S3Config | undefined; maxBytes: { image: number; voice: number; file: number } };
  /** Live-help WebSocket: seconds between server pings (under a proxy's idle timeout, often 60 s). */
  realtime: { heartbeatSeconds: number; agentGraceSeconds: number };
  /** NODE_ENV=test only: where a running clock starts. */
  testClockStart: Date | undefined;
};

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`配置有误 (configuration is not valid):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Reads and validates the environment; a bad value stops the start with the variable's name. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => `${i.path.join('.')}=${JSON.stringify(source[String(i.path[0])])}: ${i.message}`),
    );
  }
  const e = parsed.data;
  const unsafe = productionProblems(e, source);
  if (unsafe.length > 0) throw new ConfigError(unsafe);
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    logLevel: e.LOG_LEVEL,
    logRequests: e.LOG_REQUESTS,
    seedDemo: e.SEED_DEMO,
    demoPassword: e.DEMO_PASSWORD,
    demoMustChangePassword: e.DEMO_MUST_CHANGE_PASSWORD,
    seedExampleKb: e.SEED_EXAMPLE_KB ?? null,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS, cookieSecure: e.COOKIE_SECURE },
    login: { maxFailures: e.LOGIN_MAX_FAILURES, lockMinutes: e.LOGIN_LOCK_MINUTES, ratePerMinute: e.LOGIN_RATE_PER_MINUTE },
    sso: { demo: e.SSO_DEMO },
    publicUrl: e.PUBLIC_URL,
    allowedOrigins: e.ALLOWED_ORIGINS,
    portalOrigins: e.PORTAL_ORIGINS,
    trustProxy: e.TRUST_PROXY,
    webDist: resolve(e.WEB_DIST ?? new URL('../../../web/dist', import.meta.url).pathname),
    attachments: {
      store: e.BLOB_STORE,
      s3:
        e.BLOB_STORE === 's3'
          ? { endpoint: e.S3_ENDPOINT!, bucket: e.S3_BUCKET!, region: e.S3_REGION, accessKeyId: e.S3_ACCESS_KEY_ID!, secretAccessKey: e.S3_SECRET_ACCESS_KEY! }
          : undefined,
      maxBytes: { image: mb(e.ATTACHMENT_MAX_IMAGE_MB), voice: mb(e.ATTACHMENT_MAX_VOICE_MB), file: mb(e.ATTACHMENT_MAX_FILE_MB) },
    },
    realtime: { heartbeatSeconds: e.REALTIME_HEARTBEAT_SECONDS, agentGraceSeconds: e.AGENT_DISCONNECT_GRACE_SECONDS },
    testClockStart: e.TEST_CLOCK_START ? new Date(e.TEST_CLOCK_START) : undefined,
  };
}

/** The published demo password (README): never good enough for a production deployment. */
export const PUBLISHED_DEMO_PASSWORD = 'Bangban@2026';

/**
 * NODE_ENV=production with demo settings: each problem names the variable to set. The demo password and the
 * demo real-name provider need ALLOW_DEMO_IN_PRODUCTION=true (a staging copy); cookies must be chosen
 * explicitly (COOKIE_SECURE=true behind HTTPS; false only as a deliberate choice).
 */
function productionProblems(e: z.infer<typeof EnvSchema>, source: NodeJS.ProcessEnv): string[] {
  if (e.NODE_ENV !== 'production' || e.ALLOW_DEMO_IN_PRODUCTION) return [];
  const problems: string[] = [];
  const optIn = '(or ALLOW_DEMO_IN_PRODUCTION=true for a demo copy)';
  if (e.SEED_DEMO && e.DEMO_PASSWORD === PUBLISHED_DEMO_PASSWORD) {
    problems.push(`SEED_DEMO=true with the published DEMO_PASSWORD: set SEED_DEMO=false, or a DEMO_PASSWORD of your own ${optIn}`);
  }
  if (e.SSO_DEMO) problems.push(`SSO_DEMO=true marks any citizen as verified with a made-up identity: set SSO_DEMO=false ${optIn}`);
  if (source.COOKIE_SECURE === undefined || source.COOKIE_SECURE === '') {
    problems.push('COOKIE_SECURE is not set: set COOKIE_SECURE=true behind HTTPS (false only on purpose, for plain HTTP)');
  }
  return problems.map((p) => `NODE_ENV=production: ${p}`);
}

/** A comma-separated list of proxy addresses: IPv4/IPv6 addresses or CIDR ranges; anything else is refused by name. */
function proxies(value: string, ctx: z.core.$RefinementCtx<unknown>): string[] {
  const out: string[] = [];
  for (const item of value.split(',').map((v) => v.trim()).filter(Boolean)) {
    const [address = '', bits, extra] = item.split('/');
    const family = isIP(address);
    const prefix = bits === undefined ? undefined : Number(bits);
    const okPrefix = prefix === undefined || (/^\d{1,3}$/.test(bits!) && prefix <= (family === 6 ? 128 : 32));
    if (family === 0 || extra !== undefined || !okPrefix) {
      ctx.issues.push({ code: 'custom', message: `"${item}" is not an IP address or CIDR range like 10.0.0.0/8`, input: value });
      continue;
    }
    out.push(item);
  }
  return out;
}

const mb = (n: number) => Math.floor(n * 1024 * 1024);

/** A comma-separated list of origins (`https://host[:port]`), each normalised; anything else is refused by name. */
function origins(value: string, ctx: z.core.$RefinementCtx<unknown>): string[] {
  const out: string[] = [];
  for (const item of value.split(',').map((v) => v.trim()).filter(Boolean)) {
    let url: URL | undefined;
    try {
      url = new URL(item);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== item.replace(/\/$/, '').toLowerCase()) {
      ctx.issues.push({ code: 'custom', message: `"${item}" is not an origin like https://www.example.gov.cn`, input: value });
      continue;
    }
    out.push(url.origin);
  }
  return out;
}
