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

// Enough for several checkpoints before the kill and after it, small enough for PGlite on a busy machine.
const ROWS = 600;

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

/** One query on the test's database, through a short-lived app process's pool. */
async function query(env: Record<string, string>, text: string, values: unknown[]) {
  const config = loadConfig(env);
  const { database } = await prepareDatabase(config);
  try {
    return await database.pool.query(text, values);
  } finally {
    await database.close();
  }
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
  it('is picked up again as soon as the app starts again and completes from where it stopped', async () => {
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

    if (driver === 'postgres') {
      // A second process starting while the first still runs leaves its job alone.
      const other = await startApp(env);
      const [row] = (
        await other.database.pool.query('SELECT state, owner FROM import_jobs WHERE id = $1', [seen!.id])
      ).rows;
      expect(row.state).toBe('running');
      const runs = await other.database.pool.query('SELECT owner FROM job_runs WHERE job_id = $1', [
        seen!.id,
      ]);
      expect(runs.rows).toHaveLength(1);
      await other.app.close();
      await other.database.close();
    }

    child.kill('SIGKILL');
    await exited;
    const [before] = (await query(env, 'SELECT processed FROM import_jobs WHERE id = $1', [seen!.id])).rows;
    expect(before.processed).toBeLessThan(ROWS);
    const killedAt = Date.now();

    const { app, database } = await startApp(env);
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'admin@example.jp', password: DEMO_PASSWORD, totp: totpCode(undefined, 1) },
    });
    const token = login.statusCode === 200 ? login.json().accessToken : undefined;
    expect(token, login.body).toBeDefined();
    let job:
      | {
          state: string;
          processed: number;
          total: number;
          report: { invitationsCreated: number; unchanged: number } | null;
        }
      | undefined;
    const polls: number[] = [];
    while (Date.now() - killedAt < 150_000) {
      const res = await app.inject({
        method: 'GET',
        url: `/api/admin/imports/${seen!.id}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(res.statusCode).toBe(200);
      job = res.json();
      polls.push(job!.processed);
      if (job!.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 200));
    }
    // Resumed at start, from its checkpoint (not from row 0), and finished.
    expect(job).toMatchObject({ state: 'done', processed: ROWS, total: ROWS });
    expect(polls[0] ?? 0).toBeGreaterThanOrEqual(before.processed);
    // Every row of the file is in: each person invited once, none twice.
    const { rows } = await database.pool.query(
      `SELECT count(*)::int AS n, count(DISTINCT lower(email))::int AS d FROM users WHERE email LIKE 'killed%@example.jp'`,
    );
    expect(rows[0]).toEqual({ n: ROWS, d: ROWS });
    // The rows done before the kill are counted as invited, not as unchanged: at most one
    // chunk (cut off between its writes and its checkpoint) is counted again.
    expect(job!.report!.invitationsCreated).toBeGreaterThan(ROWS - 21);
    expect((job!.report!.invitationsCreated ?? 0) + (job!.report!.unchanged ?? 0)).toBe(ROWS);
    // The file is not kept once the job has ended.
    const [ended] = (
      await database.pool.query('SELECT source, checkpoint FROM import_jobs WHERE id = $1', [seen!.id])
    ).rows;
    expect(ended).toEqual({ source: null, checkpoint: null });
    // The run's ownership row goes when the handler returns, just after the import reads `done`.
    await expect
      .poll(
        async () =>
          (await database.pool.query('SELECT 1 FROM job_runs WHERE job_id = $1', [seen!.id])).rows.length,
        {
          timeout: 10_000,
        },
      )
      .toBe(0);
  }, 240_000);
});
