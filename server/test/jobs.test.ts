import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@tsunagu/db';
import { createTestDatabase, testDriver } from '@tsunagu/db/testing';
import { JobQueue } from '../src/lib/jobs.ts';
import { ProcessLease } from '../src/lib/process-lease.ts';

const driver = testDriver(process.env.TEST_DB);
const errors: unknown[] = [];
const log = { error: (o: unknown) => void errors.push(o), warn: () => undefined };
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step().catch(() => undefined);
});

const database = await createTestDatabase();
cleanup.push(() => database.close());

/**
 * A second server process on the same database: on PostgreSQL a pool and lease of its own;
 * embedded PGlite has one process, so a second queue shares its pool.
 */
async function secondProcess(): Promise<Database> {
  if (driver === 'pglite') return database;
  const url = (database.pool as unknown as { options: { connectionString: string } }).options
    .connectionString;
  const other = await openDatabase({ url, poolSize: 5 });
  cleanup.push(() => other.close());
  return other;
}

async function queueOn(db: Database): Promise<JobQueue> {
  const lease = await ProcessLease.acquire(db);
  const queue = new JobQueue(db, lease, { pollSeconds: 0.5, log });
  cleanup.push(async () => {
    await queue.stop();
    await lease.close();
  });
  return queue;
}

const until = async (check: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  return check();
};

describe('the job queue', () => {
  it('runs each job exactly once when two processes work the same queue', async () => {
    const N = 60;
    const handled: { id: string; n: number; worker: string }[] = [];
    const queues = [await queueOn(database), await queueOn(await secondProcess())];
    queues.forEach((queue, i) =>
      queue.define<{ n: number }>('test.once', {
        handler: async (job) => {
          handled.push({ id: job.id, n: job.data.n, worker: `w${i}` });
          await new Promise((r) => setTimeout(r, 20));
        },
      }),
    );
    for (const queue of queues) await queue.start();
    const ids = await Promise.all(
      Array.from({ length: N }, (_, n) => queues[n % 2]!.send('test.once', { n })),
    );
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    await until(() => handled.length >= N, 20_000);
    // Let a duplicate, if the queue could produce one, show up.
    await new Promise((r) => setTimeout(r, 1500));
    expect(handled).toHaveLength(N);
    expect(new Set(handled.map((h) => h.id)).size).toBe(N);
    expect(handled.map((h) => h.n).sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, n) => n));
    // Both processes took part.
    expect(new Set(handled.map((h) => h.worker)).size).toBe(2);
  }, 60_000);

  it('retries a failed job with growing delays, then gives up with the reason', async () => {
    const queue = await queueOn(database);
    const tries: number[] = [];
    const gaveUp: string[] = [];
    queue.define<Record<string, never>>('test.retry', {
      retryLimit: 2,
      retryDelay: 1,
      retryBackoff: true,
      handler: async () => {
        tries.push(Date.now());
        throw new Error(`try ${tries.length} failed`);
      },
      onGiveUp: async (_job, reason) => {
        gaveUp.push(reason);
      },
    });
    await queue.start();
    await queue.send('test.retry', {});
    expect(await until(() => gaveUp.length > 0, 20_000)).toBe(true);
    expect(tries).toHaveLength(3);
    // Backoff: ≥ 1 s before the first retry, ≥ 2 s before the second.
    expect(tries[1]! - tries[0]!).toBeGreaterThanOrEqual(1000);
    expect(tries[2]! - tries[1]!).toBeGreaterThanOrEqual(2000);
    expect(gaveUp).toEqual(['try 3 failed']);
  }, 30_000);

  it('sends a job inside a transaction only if the transaction commits', async () => {
    const queue = await queueOn(database);
    const seen: string[] = [];
    queue.define<{ tag: string }>('test.tx', { handler: async (job) => void seen.push(job.data.tag) });
    await queue.start();
    await database.db
      .transaction(async (tx) => {
        await queue.send('test.tx', { tag: 'rolled back' }, { db: tx as never });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await database.db.transaction(async (tx) => {
      await queue.send('test.tx', { tag: 'committed' }, { db: tx as never });
    });
    expect(await until(() => seen.length > 0, 10_000)).toBe(true);
    await new Promise((r) => setTimeout(r, 1200));
    expect(seen).toEqual(['committed']);
    const { rows } = await database.pool.query(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'test.tx'`,
    );
    expect(rows[0].n).toBe(1);
  }, 30_000);
});
