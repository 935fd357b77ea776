import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Type, { type Static } from 'typebox';
import Value from 'typebox/value';

/** The repository root: `./data` in the README means here, whichever folder pnpm runs in. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

const EnvSchema = Type.Object({
  NODE_ENV: Type.Enum(['development', 'production', 'test'], { default: 'development' }),
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: 'localhost' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATA_DIR: Type.String({ default: resolve(repoRoot, 'data') }),
  JWT_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  PUBLIC_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  SEED_DEMO: Type.Optional(Type.Boolean()),
  REGION_FILE: Type.Optional(Type.String({ minLength: 1 })),
  LOG_LEVEL: Type.Enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { default: 'info' }),
  TRUST_PROXY: Type.Boolean({ default: false }),
  DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  LOGIN_RATE_LIMIT: Type.Integer({ minimum: 1, maximum: 100000, default: 10 }),
  WEB_DIST: Type.String({ default: resolve(repoRoot, 'web/dist') }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  SOCKET_EVENTS_PER_SECOND: Type.Integer({ minimum: 1, maximum: 10000, default: 10 }),
  SOCKET_EVENT_BURST: Type.Integer({ minimum: 1, maximum: 10000, default: 30 }),
  FAMILY_DATA_KEY: Type.Optional(Type.String({ minLength: 1 })),
  REFERRAL_SWEEP_SECONDS: Type.Integer({ minimum: 10, maximum: 86400, default: 600 }),
  REFRESH_GRACE_SECONDS: Type.Integer({ minimum: 0, maximum: 60, default: 10 }),
  JOB_POLL_SECONDS: Type.Number({ minimum: 0.5, maximum: 600, default: 2 }),
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  MAIL_FROM: Type.Optional(Type.String({ minLength: 3 })),
  MAIL_RETRY_SECONDS: Type.Integer({ minimum: 1, maximum: 3600, default: 60 }),
});
type Env = Static<typeof EnvSchema>;

export interface Config {
  env: Env['NODE_ENV'];
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  jwtSecret: string;
  publicUrl: string;
  seedDemo: boolean;
  regionFile: string | undefined;
  logLevel: Env['LOG_LEVEL'];
  trustProxy: boolean;
  dbPoolSize: number;
  /** Sign-in attempts (and other credential routes) per client per minute. */
  loginRateLimit: number;
  webDist: string;
  /** Redis for socket.io's Streams adapter, so several server processes deliver to each other; without it, one process works alone. */
  redisUrl: string | undefined;
  /** Socket events per user per second (token bucket, per process) and the burst allowed above it. */
  socketEventsPerSecond: number;
  socketEventBurst: number;
  /** AES-256 key (32 bytes) that encrypts families' details in referrals. */
  familyDataKey: Buffer;
  /** How often the referral job runs (unanswered referrals, retention erasure). */
  referralSweepSeconds: number;
  /** How long a just-rotated refresh token still yields its successor (two tabs refreshing at once) instead of counting as reuse. */
  refreshGraceSeconds: number;
  /** How often each kind of background job looks for work in the queue (jobs sent in this process start at once). */
  jobPollSeconds: number;
  /** SMTP server mail is sent through (smtp:// or smtps://, credentials in the URL); without it mail stays in the outbox. */
  smtpUrl: string | undefined;
  /** The sender of every mail, e.g. `つなぐ <noreply@example.jp>`; required with SMTP_URL. */
  mailFrom: string;
  /** Seconds before the first retry of a mail after a temporary failure (doubled for each further one). */
  mailRetrySeconds: number;
}

export class ConfigError extends Error {}

/** Reads and checks the settings once, at start; a wrong value stops the server with a clear message. */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = source[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const converted = Value.Default(EnvSchema, Value.Convert(EnvSchema, raw));
  if (!Value.Check(EnvSchema, converted)) {
    const lines = [...Value.Errors(EnvSchema, converted)].map(
      (e) =>
        `  - ${e.instancePath.replace(/^\//, '') || 'settings'}: ${e.message} (got ${JSON.stringify(raw[e.instancePath.slice(1)])})`,
    );
    throw new ConfigError(`Invalid settings in the environment:\n${lines.join('\n')}`);
  }
  const env = converted as Env;
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET)
    throw new ConfigError('JWT_SECRET must be set (at least 32 characters) when NODE_ENV=production.');
  if (env.NODE_ENV === 'production' && !env.FAMILY_DATA_KEY)
    throw new ConfigError(
      'FAMILY_DATA_KEY must be set when NODE_ENV=production: 32 random bytes in base64, e.g. the output of `openssl rand -base64 32`. ' +
        "It encrypts families' details in referrals; keep it safe, since without it they cannot be read.",
    );
  checkMailSettings(env);
  return {
    env: env.NODE_ENV,
    port: env.PORT,
    host: env.HOST,
    databaseUrl: env.DATABASE_URL,
    dataDir: resolve(env.DATA_DIR),
    jwtSecret: env.JWT_SECRET ?? localSecret(resolve(env.DATA_DIR)),
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
    seedDemo: env.SEED_DEMO ?? env.NODE_ENV !== 'production',
    regionFile: env.REGION_FILE,
    logLevel: env.LOG_LEVEL,
    trustProxy: env.TRUST_PROXY,
    dbPoolSize: env.DB_POOL_SIZE,
    loginRateLimit: env.LOGIN_RATE_LIMIT,
    webDist: env.WEB_DIST,
    redisUrl: env.REDIS_URL,
    socketEventsPerSecond: env.SOCKET_EVENTS_PER_SECOND,
    socketEventBurst: env.SOCKET_EVENT_BURST,
    familyDataKey: env.FAMILY_DATA_KEY
      ? parseFamilyDataKey(env.FAMILY_DATA_KEY)
      : localFamilyDataKey(resolve(env.DATA_DIR)),
    referralSweepSeconds: env.REFERRAL_SWEEP_SECONDS,
    refreshGraceSeconds: env.REFRESH_GRACE_SECONDS,
    jobPollSeconds: env.JOB_POLL_SECONDS,
    smtpUrl: env.SMTP_URL,
    mailFrom: env.MAIL_FROM ?? 'つなぐ <noreply@localhost>',
    mailRetrySeconds: env.MAIL_RETRY_SECONDS,
  };
}

/** SMTP_URL must parse as a URL with a host, and mail needs a sender once it really leaves. */
function checkMailSettings(env: Env) {
  if (!env.SMTP_URL) return;
  let host = '';
  try {
    host = new URL(env.SMTP_URL).hostname;
  } catch {
    // reported below
  }
  if (!host)
    throw new ConfigError(
      'SMTP_URL is not a valid URL: write it as smtp://user:password@host:587 or smtps://user:password@host:465.',
    );
  if (!env.MAIL_FROM)
    throw new ConfigError(
      'MAIL_FROM must be set when SMTP_URL is set: the sender of every mail, e.g. "つなぐ <noreply@example.jp>".',
    );
  if (!/[^\s@<]+@[^\s@>]+/.test(env.MAIL_FROM))
    throw new ConfigError('MAIL_FROM must contain an e-mail address, e.g. "つなぐ <noreply@example.jp>".');
}

/** Outside production a signing secret is generated once and kept beside the data, so restarts keep sessions. */
function localSecret(dataDir: string): string {
  const file = resolve(dataDir, '.jwt-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** FAMILY_DATA_KEY: exactly 32 bytes, written in base64 (or base64url). */
function parseFamilyDataKey(value: string): Buffer {
  const text = value.trim();
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text)
    ? Buffer.from(text, text.includes('-') || text.includes('_') ? 'base64url' : 'base64')
    : Buffer.alloc(0);
  if (key.length !== 32)
    throw new ConfigError(
      `FAMILY_DATA_KEY must be 32 bytes written in base64 (44 characters, e.g. from \`openssl rand -base64 32\`); it decodes to ${key.length} bytes.`,
    );
  return key;
}

/** Outside production the family-data key is generated once beside the data, like the JWT secret. */
function localFamilyDataKey(dataDir: string): Buffer {
  const file = resolve(dataDir, '.family-data-key');
  if (existsSync(file)) return parseFamilyDataKey(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}
