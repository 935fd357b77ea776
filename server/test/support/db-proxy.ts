import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { schema, type Database } from '@tsunagu/db';

/**
 * A TCP proxy in front of the test database that can be cut (every open connection dropped,
 * new ones closed at once, as when PostgreSQL is down) and restored, without restarting
 * anything — to test what the app does during a database outage and after it.
 */
export interface DbProxy {
  /** The database seen through the proxy: give it to buildApp. */
  database: Database;
  cut(): void;
  restore(): void;
  close(): Promise<void>;
}

export async function startDbProxy(target: Database, poolSize = 2): Promise<DbProxy> {
  const options = target.pool.options as pg.PoolConfig;
  const url = options.connectionString ? new URL(options.connectionString) : undefined;
  const host = url?.hostname ?? String(options.host ?? '127.0.0.1');
  const port = Number(url?.port || options.port || 5432);
  let down = false;
  const open = new Set<Socket>();

  const server = createServer((client) => {
    if (down) return void client.destroy();
    const upstream = connect({ host, port });
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const proxyPort = (server.address() as AddressInfo).port;

  const config: pg.PoolConfig = url
    ? { connectionString: Object.assign(new URL(url), { hostname: '127.0.0.1', port: String(proxyPort) }).toString() }
    : { host: '127.0.0.1', port: proxyPort, user: options.user, database: options.database };
  const pool = new pg.Pool({ ...config, max: poolSize, connectionTimeoutMillis: 2_000 });
  pool.on('error', () => undefined);

  return {
    database: { db: drizzle(pool, { schema }), pool, driver: target.driver, close: () => pool.end() },
    cut() {
      down = true;
      for (const s of open) s.destroy();
    },
    restore() {
      down = false;
    },
    async close() {
      down = true;
      for (const s of open) s.destroy();
      await pool.end().catch(() => undefined);
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
