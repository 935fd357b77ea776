import { and, eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import PgBoss from 'pg-boss';
import { schema, type Database, type Db } from '@tsunagu/db';
import type { ProcessLease } from './process-lease.ts';

const { jobRuns } = schema;

/** A job as its handler sees it. */
export interface Job<T> {
  id: string;
  data: T;
  /** How many times it was tried before (0 on the first run). */
  retryCount: number;
  /** True once this process is stopping: a long job stops between steps and resumes at the next start. */
  stopping: () => boolean;
}

export interface JobDefinition<T> {
  handler: (job: Job<T>) => Promise<void>;
  /** Called once when the job will not be tried again (its last try failed, or its process died on it). */
  onGiveUp?: (job: Job<T>, reason: string) => Promise<void>;
  retryLimit?: number;
  /** Seconds before the first retry; doubled (with jitter) for each further one when retryBackoff. */
  retryDelay?: number;
  retryBackoff?: boolean;
  /** A run longer than this is failed (and retried). */
  expireInSeconds?: number;
  /** 'short': one job waiting at a time; 'stately': one waiting and one running (see pg-boss). */
  policy?: PgBoss.QueuePolicy;
}

export interface SendOptions {
  singletonKey?: string;
  /** Seconds from now, or a date. */
  startAfter?: number | Date;
  retryLimit?: number;
  retryDelay?: number;
  retryBackoff?: boolean;
  expireInSeconds?: number;
  /** Use this id (e.g. the id of the record the job works on). */
  id?: string;
  /** A transaction: the job exists only if it commits. */
  db?: Db;
}

/** Thrown by a handler that stopped because the process is stopping: it is tried again, not an error. */
export class JobPostponed extends Error {}

/** pg-boss runs its SQL through the app's own pool (or a transaction), so it works on both drivers. */
function executorOf(db: Db): PgBoss.Db {
  // drizzle keeps the pool or the transaction's client in its session.
  const client = (db as unknown as { session: { client: { query: PgBoss.Db['executeSql'] } } }).session
    .client;
  return { executeSql: (text, values) => client.query(text, values) };
}

/**
 * The one background-job queue: pg-boss on the application's database (PostgreSQL or embedded
 * PGlite). Jobs survive a restart, are run once across processes, and retry with backoff; a job
 * whose process died is handed back at once (see recover).
 */
export class JobQueue {
  private readonly boss: PgBoss;
  private readonly definitions = new Map<string, JobDefinition<never>>();
  private readonly workers = new Map<string, string>();
  /** The first job of each `every` chain, sent at start. */
  private readonly initial: (() => Promise<unknown>)[] = [];
  private started = false;
  private stopping = false;

  constructor(
    private readonly database: Database,
    private readonly lease: ProcessLease,
    private readonly options: { pollSeconds: number; log: Pick<FastifyBaseLogger, 'error' | 'warn'> },
  ) {
    this.boss = new PgBoss({
      db: executorOf(database.db),
      // Jobs are scheduled by themselves (see every), not by cron.
      schedule: false,
      supervise: true,
    });
    this.boss.on('error', (err) => options.log.error({ err }, 'job queue error'));
    // Another process (PostgreSQL) may die while this one lives: look for its jobs every minute.
    this.every('jobs.recover', 60, () => this.recover().then(() => undefined));
  }

  /** Declares a kind of job; before start. */
  define<T>(name: string, definition: JobDefinition<T>) {
    if (this.started) throw new Error(`job ${name} defined after the queue started`);
    this.definitions.set(name, definition as JobDefinition<never>);
  }

  /**
   * A job that runs every `seconds`, in one process at a time: each run first queues the next,
   * so a run that fails is retried and the chain survives restarts.
   */
  every(name: string, seconds: number, run: () => Promise<void>) {
    this.define<Record<string, never>>(name, {
      policy: 'stately',
      retryLimit: 100,
      retryDelay: 5,
      retryBackoff: true,
      handler: async () => {
        await this.send(name, {}, { singletonKey: name, startAfter: seconds });
        await run();
      },
    });
    this.initial.push(() => this.send(name, {}, { singletonKey: name }));
  }

  async send<T extends object>(name: string, data: T, options: SendOptions = {}): Promise<string | null> {
    const { db, ...rest } = options;
    const id = await this.boss.send(name, data, { ...rest, ...(db ? { db: executorOf(db) } : {}) });
    // Outside a transaction the job can start now rather than at the next poll.
    if (id && !db && !rest.startAfter) this.wake(name);
    return id;
  }

  /** Lets this process's worker look for jobs now (after a transaction that sent one commits). */
  wake(name: string) {
    const worker = this.workers.get(name);
    if (worker) this.boss.notifyWorker(worker);
  }

  /** Creates the queues, hands back jobs of dead processes and starts working. */
  async start() {
    this.started = true;
    await this.boss.start();
    for (const [name, definition] of this.definitions) {
      const {
        policy = 'standard',
        retryLimit = 3,
        retryDelay = 10,
        retryBackoff = true,
        expireInSeconds = 15 * 60,
      } = definition;
      const queue = { name, policy, retryLimit, retryDelay, retryBackoff, expireInSeconds };
      if (await this.boss.getQueue(name)) await this.boss.updateQueue(name, queue);
      else await this.boss.createQueue(name, queue);
    }
    await this.recover();
    for (const [name, definition] of this.definitions) {
      const worker = await this.boss.work<object>(
        name,
        { pollingIntervalSeconds: this.options.pollSeconds, batchSize: 1, includeMetadata: true },
        ([job]) => this.run(name, definition, job!),
      );
      this.workers.set(name, worker);
    }
    for (const send of this.initial) await send();
  }

  private async run(name: string, definition: JobDefinition<never>, job: PgBoss.JobWithMetadata<object>) {
    const { db } = this.database;
    const view: Job<never> = {
      id: job.id,
      data: job.data as never,
      retryCount: job.retryCount,
      stopping: () => this.stopping,
    };
    await db
      .insert(jobRuns)
      .values({ jobId: job.id, queue: name, owner: this.lease.id })
      .onConflictDoUpdate({ target: jobRuns.jobId, set: { owner: this.lease.id, startedAt: new Date() } });
    try {
      await definition.handler(view);
    } catch (err) {
      if (!(err instanceof JobPostponed)) {
        this.options.log.error({ err, job: job.id, queue: name }, 'job failed');
        if (job.retryCount >= job.retryLimit)
          await definition.onGiveUp?.(view, err instanceof Error ? err.message : String(err));
      }
      throw err;
    } finally {
      await db
        .delete(jobRuns)
        .where(and(eq(jobRuns.jobId, job.id), eq(jobRuns.owner, this.lease.id)))
        .catch(() => undefined);
    }
  }

  /**
   * Jobs left running by a process that is gone (kill -9, crash) go back to the queue now — or,
   * after their last try, are given up with a reason. Returns how many.
   */
  async recover(): Promise<number> {
    const { db } = this.database;
    let recovered = 0;
    for (const row of await db.select().from(jobRuns)) {
      if (await this.lease.isAlive(row.owner)) continue;
      // Whoever deletes the row hands the job back: two processes never both do.
      const [taken] = await db
        .delete(jobRuns)
        .where(and(eq(jobRuns.jobId, row.jobId), eq(jobRuns.owner, row.owner)))
        .returning();
      if (!taken) continue;
      const reason = 'the server process running this job stopped';
      await this.boss.fail(row.queue, row.jobId, { message: reason });
      recovered++;
      const job = await this.boss.getJobById<never>(row.queue, row.jobId);
      const definition = this.definitions.get(row.queue);
      if (job?.state === 'failed' && definition?.onGiveUp)
        await definition.onGiveUp(
          { id: job.id, data: job.data, retryCount: job.retryCount, stopping: () => this.stopping },
          reason,
        );
    }
    if (recovered)
      this.options.log.warn({ recovered }, 'jobs of a stopped server process were handed back to the queue');
    return recovered;
  }

  /** Stops taking jobs; running ones finish or stop between steps (and resume at the next start). */
  async stop() {
    if (!this.started) return;
    this.stopping = true;
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: 20_000 });
  }
}
