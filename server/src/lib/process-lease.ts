import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Database } from '@tsunagu/db';

/**
 * Tells whether the server process that owns a background job is still alive, so that a job
 * left `running` by a process that was killed is recognised at once, not after a timeout.
 *
 * On PostgreSQL each process holds a session advisory lock named after its id, on a connection
 * of its own: the server releases it the moment that process's connection dies (kill -9
 * included), so "the lock is free" means "the owner is gone". Embedded PGlite is opened by one
 * process at a time, so any owner but this process is gone.
 */
export class ProcessLease {
  readonly id = randomUUID();
  private client: pg.Client | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  private constructor(private readonly database: Database) {}

  static async acquire(database: Database): Promise<ProcessLease> {
    const lease = new ProcessLease(database);
    if (database.driver === 'postgres') await lease.hold();
    return lease;
  }

  private async hold(): Promise<void> {
    const options = (this.database.pool as unknown as { options: pg.ClientConfig }).options;
    const client = new pg.Client({ ...options, application_name: `tsunagu-lease-${this.id}` });
    // A dropped connection frees the lock: take it again as soon as the database answers.
    client.on('error', () => this.reconnectLater(client));
    client.on('end', () => this.reconnectLater(client));
    await client.connect();
    await client.query('SELECT pg_advisory_lock(hashtextextended($1, 0))', [lockName(this.id)]);
    this.client = client;
  }

  // Not background work for the job queue: this retries this process's own lease connection, which
  // exists only here and ends with the process (a restart takes a new lease).
  private reconnectLater(dead: pg.Client) {
    if (this.closed || this.client !== dead || this.retry) return;
    this.client = undefined;
    const attempt = () => {
      this.retry = undefined;
      if (this.closed) return;
      this.hold().catch(() => {
        this.retry = setTimeout(attempt, 1000);
        this.retry.unref();
      });
    };
    this.retry = setTimeout(attempt, 200);
    this.retry.unref();
  }

  /** Whether the process `owner` is still running (a missing owner is a process of an older version, gone). */
  async isAlive(owner: string | null): Promise<boolean> {
    if (owner === this.id) return true;
    if (!owner || this.database.driver === 'pglite') return false;
    const client = await this.database.pool.connect();
    try {
      const { rows } = await client.query<{ free: boolean }>(
        'SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS free',
        [lockName(owner)],
      );
      if (rows[0]?.free)
        await client.query('SELECT pg_advisory_unlock(hashtextextended($1, 0))', [lockName(owner)]);
      return !rows[0]?.free;
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }
}

const lockName = (id: string) => `tsunagu:process:${id}`;
