import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, type Database } from '@tsunagu/db';
import { createTestDatabase, testDriver } from '@tsunagu/db/testing';
import { buildApp } from '../src/app.ts';
import { prepareDatabase } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import type { App } from '../src/types.ts';
import { totpCode } from './helper.ts';

const driver = testDriver(process.env.TEST_DB);
const dataDir = mkdtempSync(join(tmpdir(), 'tsunagu-killed-'));
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

const ROWS = 3000;

/** The settings of a server process on this test's database: PostgreSQL (a fresh test database) or PGlite in DATA_DIR. */
async function environment(): Promise<Record<string, string>> {
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
    LOG_LEVEL: 'silent',
    WEB_DIST: '/nonexistent',
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    LOGIN_RATE_LIMIT: '100000',
  };
  if (driver === 'postgres') {
    const database = await createTestDatabase();
    cleanup.push(() => database.close());
    env.DATABASE_URL = (
      database.pool as unknown as { options: { connectionString: string } }
    ).options.connectionString;
  }
  return env;
}

async function startApp(env: Record<string, string>): Promise<{ app: App; database: Database }> {
  const config = loadConfig(env);
  const { database } = await prepareDatabase(config);
  const app = await buildApp({ config, database });
  await app.ready();
  cleanup.push(async () => {
    await app.close();
    await database.close();
  });
  return { app, database };
}

describe('an import whose server process was killed', () => {
  it('is marked failed with a reason as soon as the app starts again, and says so through the API', async () => {
    const env = await environment();
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL('./support/import-child.ts', import.meta.url))],
      {
        env: { PATH: process.env.PATH ?? '', ...env, IMPORT_ROWS: String(ROWS) },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    cleanup.push(async () => child.kill('SIGKILL'));
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

    // Wait for ~30 % of the rows, then kill -9: no shutdown hook runs.
    let seen: { id: string; state: string; processed: number; total: number } | undefined;
    for await (const line of createInterface({ input: child.stdout })) {
      seen = JSON.parse(line);
      if (seen!.state !== 'running' || (seen!.total > 0 && seen!.processed >= ROWS * 0.3)) break;
    }
    expect(seen, stderr).toBeDefined();
    expect(seen!.state).toBe('running');

    let otherProcess: { app: App; database: Database } | undefined;
    if (driver === 'postgres') {
      // A second process starting while the first still runs leaves its job alone.
      otherProcess = await startApp(env);
      const [row] = (
        await otherProcess.database.pool.query('SELECT state FROM import_jobs WHERE id = $1', [seen!.id])
      ).rows;
      expect(row.state).toBe('running');
    }

    child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();

    const { app, database } = await startApp(env);
    // Resolved at start, before any request asked about it.
    const [row] = (
      await database.pool.query('SELECT state, error, processed, total FROM import_jobs WHERE id = $1', [
        seen!.id,
      ])
    ).rows;
    expect(row.state).toBe('failed');
    expect(row.total).toBe(ROWS);
    expect(row.processed).toBeGreaterThanOrEqual(ROWS * 0.3);
    expect(row.processed).toBeLessThan(ROWS);
    expect(row.error).toMatch(/interrupted/);
    expect(row.error).toContain(`${row.processed} of ${ROWS}`);
    expect(Date.now() - killedAt).toBeLessThan(60_000);

    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'admin@example.jp', password: DEMO_PASSWORD, totp: totpCode(undefined, 1) },
    });
    const token = login.statusCode === 200 ? login.json().accessToken : undefined;
    expect(token, login.body).toBeDefined();
    const res = await app.inject({
      method: 'GET',
      url: `/api/admin/imports/${seen!.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      state: 'failed',
      processed: row.processed,
      total: ROWS,
      error: expect.stringMatching(/中断.*interrupted/s),
    });
    // The resolution is audited.
    const audit = await database.pool.query(
      `SELECT detail FROM audit_log WHERE action = 'import.interrupted' AND target_id = $1`,
      [seen!.id],
    );
    expect(audit.rows).toHaveLength(1);
  }, 180_000);
});
