import { createServer, connect, type Socket } from 'node:net';
import { drizzle } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { newPool, schema, type Database } from '@tsunagu/db';

/** Where a pool connects: a TCP address, or a Unix socket (a host that is a directory, as in libpq). */
export type DbTarget = { port: number; host: string } | { path: string };

export interface DbProxy {
  port: number;
  /** Drops every open connection and refuses new ones, as a database that went down would. */
  cut(): void;
  /** Accepts connections again (the database is back). */
  restore(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy between the app and its database, for outage tests: the database stays up (and
 * its data intact) while the app sees it go away and come back.
 */
export async function startDbProxy(target: DbTarget): Promise<DbProxy> {
  let down = false;
  const open = new Set<Socket>();
  const server = createServer((client) => {
    if (down) return client.resetAndDestroy();
    const upstream = 'path' in target ? connect(target.path) : connect(target.port, target.host);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => (s === client ? upstream : client).destroy());
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    cut() {
      down = true;
      // A reset (RST) on the app's side, as a crashed server's host would send; a Unix socket has none.
      for (const s of open) {
        if (s.remoteAddress) s.resetAndDestroy();
        else s.destroy();
      }
      open.clear();
    },
    restore() {
      down = false;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The database a pool of `database` reaches, read from the pool's own settings. */
export function targetOf(database: Database): DbTarget {
  const options = (
    database.pool as unknown as { options: { connectionString?: string; host?: string; port?: number } }
  ).options;
  if (options.connectionString) {
    const url = new URL(options.connectionString);
    return { host: url.hostname, port: Number(url.port || 5432) };
  }
  if (options.host?.startsWith('/')) return { path: `${options.host}/.s.PGSQL.${options.port ?? 5432}` };
  return { host: options.host ?? '127.0.0.1', port: options.port ?? 5432 };
}

/** A second handle on the same database whose connections all go through `proxy`. */
export function openThroughProxy(database: Database, proxy: DbProxy): Database {
  const options = (database.pool as unknown as { options: pg.PoolConfig }).options;
  const url = options.connectionString ? new URL(options.connectionString) : undefined;
  // The app's own pool settings (connect timeout, idle errors tolerated): only the address differs.
  const pool = newPool({
    host: '127.0.0.1',
    port: proxy.port,
    user: url ? decodeURIComponent(url.username) || 'postgres' : (options.user ?? 'postgres'),
    database: url ? url.pathname.slice(1) : (options.database ?? 'postgres'),
    // Embedded PGlite is one backend session: one connection, as the app's own pool (db/src/connection.ts).
    max: database.driver === 'pglite' ? 1 : 5,
  });
  return { db: drizzle(pool, { schema }), pool, driver: database.driver, close: () => pool.end() };
}
