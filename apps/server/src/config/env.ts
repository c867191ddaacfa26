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
  DEMO_PASSWORD: z.string().min(10).default('Bangban@2026'),
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
  /** Chat attachments: where blobs live, and the byte limit of each kind. */
  attachments: { store: 'local' | 's3'; s3: S3Config | undefined; maxBytes: { image: number; voice: number; file: number } };
  /** Live-help WebSocket: seconds between server pings (under a proxy's idle timeout, often 60 s). */
  realtime: { heartbeatSeconds: number };
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
    seedExampleKb: e.SEED_EXAMPLE_KB ?? null,
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS, cookieSecure: e.COOKIE_SECURE },
    login: { maxFailures: e.LOGIN_MAX_FAILURES, lockMinutes: e.LOGIN_LOCK_MINUTES, ratePerMinute: e.LOGIN_RATE_PER_MINUTE },
    sso: { demo: e.SSO_DEMO },
    publicUrl: e.PUBLIC_URL,
    allowedOrigins: e.ALLOWED_ORIGINS,
    portalOrigins: e.PORTAL_ORIGINS,
    webDist: resolve(e.WEB_DIST ?? new URL('../../../web/dist', import.meta.url).pathname),
    attachments: {
      store: e.BLOB_STORE,
      s3:
        e.BLOB_STORE === 's3'
          ? { endpoint: e.S3_ENDPOINT!, bucket: e.S3_BUCKET!, region: e.S3_REGION, accessKeyId: e.S3_ACCESS_KEY_ID!, secretAccessKey: e.S3_SECRET_ACCESS_KEY! }
          : undefined,
      maxBytes: { image: mb(e.ATTACHMENT_MAX_IMAGE_MB), voice: mb(e.ATTACHMENT_MAX_VOICE_MB), file: mb(e.ATTACHMENT_MAX_FILE_MB) },
    },
    realtime: { heartbeatSeconds: e.REALTIME_HEARTBEAT_SECONDS },
    testClockStart: e.TEST_CLOCK_START ? new Date(e.TEST_CLOCK_START) : undefined,
  };
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
