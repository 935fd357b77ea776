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
      (e) => `  - ${e.instancePath.replace(/^\//, '') || 'settings'}: ${e.message} (got ${JSON.stringify(raw[e.instancePath.slice(1)])})`,
    );
    throw new ConfigError(`Invalid settings in the environment:\n${lines.join('\n')}`);
  }
  const env = converted as Env;
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET)
    throw new ConfigError('JWT_SECRET must be set (at least 32 characters) when NODE_ENV=production.');
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
  };
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
