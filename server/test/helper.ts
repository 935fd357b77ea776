import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOTP, Secret } from 'otpauth';
import { sql } from 'drizzle-orm';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, schema, seedDemo, type Database } from '@tsunagu/db';
import { createTestDatabase } from '@tsunagu/db/testing';
import { defaultRegionFile, type Role } from '@tsunagu/shared';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { App } from '../src/types.ts';

export const demoEmails: Record<Role, string> = {
  coordinator: 'coordinator@example.jp',
  supporter: 'supporter@example.jp',
  center_staff: 'center@example.jp',
  admin: 'admin@example.jp',
};

/** A TOTP code for a time step that has not been used yet (a code is accepted once). */
let stepOffset = 0;
export function totpCode(secret = DEMO_TOTP_SECRET, offsetSteps = 0): string {
  return new TOTP({ secret: Secret.fromBase32(secret), period: 30 }).generate({
    timestamp: Date.now() + offsetSteps * 30_000,
  });
}

export interface TestApp {
  app: App;
  database: Database;
  /** An access token of the demo account of that role (cached per file: TOTP codes work once). */
  token(role: Role): Promise<string>;
  login(
    email: string,
    password?: string,
    totp?: string,
  ): Promise<{ status: number; body: Record<string, unknown>; cookie?: string }>;
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

/** Builds the real app on a fresh database of its own, with the demo seed. */
export async function setupApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  await seedDemo(database, defaultRegionFile);
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'tsunagu-test-')),
    LOG_LEVEL: 'silent',
    WEB_DIST: '/nonexistent',
    // Tests sign in often from one address; the limit itself is tested with a low value.
    LOGIN_RATE_LIMIT: '100000',
    ...env,
  });
  const app = await buildApp({ config, database });
  await app.ready();
  const tokens = new Map<Role, string>();

  const login: TestApp['login'] = async (email, password = DEMO_PASSWORD, totp) => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email, password, ...(totp ? { totp } : {}) },
    });
    const cookie = res.cookies.find((c) => c.name === 'tsunagu_refresh')?.value;
    return { status: res.statusCode, body: res.json(), ...(cookie ? { cookie } : {}) };
  };

  return {
    app,
    database,
    login,
    async token(role) {
      const cached = tokens.get(role);
      if (cached) return cached;
      const needsTotp = role === 'center_staff' || role === 'admin';
      const res = await login(
        demoEmails[role],
        DEMO_PASSWORD,
        needsTotp ? totpCode(DEMO_TOTP_SECRET, stepOffset++ % 2 === 0 ? 0 : 1) : undefined,
      );
      if (res.status !== 200) throw new Error(`login as ${role} failed: ${JSON.stringify(res.body)}`);
      tokens.set(role, res.body.accessToken as string);
      return res.body.accessToken as string;
    },
    async count(table) {
      const result = await database.pool.query(`SELECT count(*)::int AS n FROM ${table}`);
      return result.rows[0].n as number;
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Row counts of every table a failed request must leave untouched. */
export async function snapshot(t: TestApp) {
  const tables = ['users', 'organizations', 'coordinator_profiles', 'invitations', 'sessions', 'outbox'];
  return Object.fromEntries(
    await Promise.all(tables.map(async (name) => [name, await t.count(name)] as const)),
  );
}

export { schema, sql };
