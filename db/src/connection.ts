import { Worker } from 'node:worker_threads';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.ts';

export type Db = NodePgDatabase<typeof schema>;

export interface Database {
  db: Db;
  pool: pg.Pool;
  driver: 'pglite' | 'postgres';
  /** For PGlite: a tar of its data directory (used to clone a migrated template in tests). */
  dump?: () => Promise<Uint8Array>;
  close: () => Promise<void>;
}

export interface OpenOptions {
  /** A PostgreSQL URL; without it, embedded PGlite runs in a worker thread. */
  url?: string;
  /** PGlite data directory; `undefined` keeps it in memory. */
  dataDir?: string;
  /** PGlite: start from this dumped data directory (a migrated template). */
  loadDataDir?: Uint8Array;
  poolSize?: number;
}

// PostgreSQL's bigint and numeric come back as strings by default; counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const poolSize = options.poolSize ?? 10;
  if (options.url) {
    // JIT compiling a search's plan costs more than running it (~28 ms seen): short OLTP queries only.
    const pool = tolerateIdleErrors(new pg.Pool({ connectionString: options.url, max: poolSize, options: '-c jit=off' }));
    await checkConnection(pool);
    return { db: drizzle(pool, { schema }), pool, driver: 'postgres', close: () => pool.end() };
  }
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: { dataDir: options.dataDir, maxConnections: poolSize + 2, loadDataDir: options.loadDataDir },
  });
  const port = await new Promise<number>((resolve, reject) => {
    const onMessage = (msg: { type: string; port?: number; message?: string }) => {
      if (msg.type === 'ready') resolve(msg.port!);
      else if (msg.type === 'error') reject(new Error(`PGlite could not start: ${msg.message}`));
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
  const pool = tolerateIdleErrors(new pg.Pool({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', max: poolSize }));
  await checkConnection(pool);
  const request = <T>(type: string, reply: string) =>
    new Promise<T>((resolve) => {
      const handler = (msg: { type: string; data?: T }) => {
        if (msg.type === reply) {
          worker.off('message', handler);
          resolve(msg.data as T);
        }
      };
      worker.on('message', handler);
      worker.postMessage({ type });
    });
  return {
    db: drizzle(pool, { schema }),
    pool,
    driver: 'pglite',
    dump: () => request<Uint8Array>('dump', 'dump'),
    close: async () => {
      await pool.end();
      await request('stop', 'stopped');
      await worker.terminate();
    },
  };
}

/**
 * An idle pooled connection can be closed by the server (restart, admin termination, a test
 * database dropped): pg then emits 'error' on the pool, which would crash the process if
 * unhandled. The pool replaces the connection on the next query, so a warning is enough.
 */
function tolerateIdleErrors(pool: pg.Pool) {
  pool.on('error', (error) => {
    if (process.env.NODE_ENV !== 'test') console.warn(`database connection closed: ${error.message}`);
  });
  return pool;
}

async function checkConnection(pool: pg.Pool) {
  const client = await pool.connect();
  client.release();
}
