import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './tables.ts';

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
  /**
   * PGlite: the directory of its Unix socket (made mode 0700, so only this user can connect;
   * there is no password). Without it, a private temporary directory that is removed on close.
   */
  socketDir?: string;
  poolSize?: number;
}

/** The socket's file name, as libpq and node-postgres derive it from a directory and a port. */
const PGLITE_PORT = 5432;
/** sun_path holds 108 bytes on Linux (104 on macOS): a longer socket path cannot be bound. */
const MAX_SOCKET_PATH = 100;

/** A directory only this user may enter, for the embedded database's socket. */
function privateSocketDir(wanted: string | undefined): { dir: string; temporary: boolean } {
  if (wanted && join(wanted, `.s.PGSQL.${PGLITE_PORT}`).length <= MAX_SOCKET_PATH) {
    mkdirSync(wanted, { recursive: true, mode: 0o700 });
    chmodSync(wanted, 0o700); // it may have existed with a wider mode
    return { dir: wanted, temporary: false };
  }
  // mkdtemp creates the directory with mode 0700.
  return { dir: mkdtempSync(join(tmpdir(), 'tsunagu-pglite-')), temporary: true };
}

// PostgreSQL's bigint and numeric come back as strings by default; counts fit in a JS number.
pg.types.setTypeParser(20, (v) => Number(v));

/**
 * How long a request waits for a connection before giving up: during an outage it then fails
 * (and answers 503) instead of hanging until the client gives up.
 */
const CONNECT_TIMEOUT_MS = 5_000;

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  const poolSize = options.poolSize ?? 10;
  if (options.url) {
    // JIT compiling a search's plan costs more than running it (~28 ms seen): short OLTP queries only.
    const pool = newPool({ connectionString: options.url, max: poolSize, options: '-c jit=off' });
    await checkConnection(pool);
    return { db: drizzle(pool, { schema }), pool, driver: 'postgres', close: () => pool.end() };
  }
  // Served on a Unix socket in a private directory, never on a TCP port: PGlite has no password,
  // so the directory's mode is what keeps other local users and processes out.
  const socket = privateSocketDir(options.socketDir);
  const removeSocketDir = () => {
    if (socket.temporary) rmSync(socket.dir, { recursive: true, force: true });
  };
  const worker = new Worker(new URL('./pglite-worker.mjs', import.meta.url), {
    workerData: {
      dataDir: options.dataDir,
      maxConnections: poolSize + 2,
      loadDataDir: options.loadDataDir,
      socketPath: join(socket.dir, `.s.PGSQL.${PGLITE_PORT}`),
    },
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const onMessage = (msg: { type: string; message?: string }) => {
        if (msg.type === 'ready') resolve();
        else if (msg.type === 'error') reject(new Error(`PGlite could not start: ${msg.message}`));
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  } catch (error) {
    await worker.terminate();
    removeSocketDir();
    throw error;
  }
  // node-postgres, like libpq, reads a host that starts with "/" as the socket's directory.
  // One connection: PGlite is a single backend session, and pglite-socket interleaves the
  // extended-protocol messages and transactions of concurrent connections (electric-sql/pglite#1046:
  // "portal does not exist", a transaction seeing another's rows). Queuing in the pool is exact.
  const pool = newPool({
    host: socket.dir,
    port: PGLITE_PORT,
    user: 'postgres',
    database: 'postgres',
    max: 1,
  });
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
      removeSocketDir();
    },
  };
}

/** The app's pool: a bounded wait for a connection, and idle connections that may drop. */
export function newPool(config: pg.PoolConfig): pg.Pool {
  return tolerateIdleErrors(new pg.Pool({ connectionTimeoutMillis: CONNECT_TIMEOUT_MS, ...config }));
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
