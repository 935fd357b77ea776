// The messaging benchmark's server process: the real app (socket.io included) on a loopback
// port, on PGlite in its worker thread (the production default) or on PostgreSQL, with
// benchmark users, sessions and conversations. run.ts drives it over IPC and holds the
// clients, so the clients never share this process's event loop. Started with --expose-gc so
// that memory per connection is measured after a collection.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import { loadRegionFile, migrateDatabase, openDatabase, type Database } from '@tsunagu/db';
import { defaultRegionFile } from '@tsunagu/shared';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { App } from '../src/types.ts';

let database: Database | undefined;
let app: App | undefined;
let tmp: string | undefined;
let histogram: IntervalHistogram | undefined;

const gc = () => (globalThis as { gc?: () => void }).gc?.();

async function settle() {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
}

const commands: Record<string, (args: Record<string, unknown>) => Promise<unknown>> = {
  /** Database, migrations, N users with sessions, the conversations; then the app listening. */
  async start(args) {
    const users = Number(args.users);
    tmp = mkdtempSync(join(tmpdir(), 'tsunagu-bench-msg-'));
    database = args.url
      ? await openDatabase({ url: String(args.url), poolSize: 10 })
      : await openDatabase({ dataDir: join(tmp, 'pglite'), poolSize: 10 });
    await migrateDatabase(database);
    await loadRegionFile(database.db, defaultRegionFile);
    const { pool } = database;
    const ids = (
      await pool.query(
        `INSERT INTO users (email, display_name, display_kana, role, status)
         SELECT 'bench' || i || '@example.jp', 'ベンチ 利用者' || i, 'べんち りようしゃ', 'coordinator', 'active' FROM generate_series(1, $1::int) i
         RETURNING id`,
        [users],
      )
    ).rows.map((r) => r.id as string);
    const sessions = (
      await pool.query(
        `INSERT INTO sessions (user_id, expires_at) SELECT u, now() + interval '20 hours' FROM unnest($1::uuid[]) u RETURNING id, user_id`,
        [ids],
      )
    ).rows as { id: string; user_id: string }[];
    const sessionOf = new Map(sessions.map((s) => [s.user_id, s.id]));

    const conversation = async (kind: string, name: string, members: string[], directKey?: string) => {
      const id = (
        await pool.query(
          `INSERT INTO conversations (kind, name, channel_kind, direct_key) VALUES ($1, $2, $3, $4) RETURNING id`,
          [kind, name, kind === 'channel' ? 'custom' : null, directKey ?? null],
        )
      ).rows[0].id as string;
      await pool.query(
        `INSERT INTO conversation_members (conversation_id, user_id) SELECT $1, u FROM unnest($2::uuid[]) u`,
        [id, members],
      );
      return id;
    };
    const direct = await conversation('direct', '', ids.slice(0, 2), [...ids.slice(0, 2)].sort().join(':'));
    const channel100 = await conversation('channel', 'ベンチ100', ids.slice(0, 100));
    const channel1000 = await conversation('channel', 'ベンチ1000', ids.slice(0, Math.min(1000, users)));
    await pool.query('ANALYZE');

    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-secret-that-is-long-enough-0123456789',
      FAMILY_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
      DATA_DIR: tmp,
      LOG_LEVEL: 'warn',
      WEB_DIST: '/nonexistent',
      PUBLIC_URL: 'http://127.0.0.1',
    });
    app = await buildApp({ config, database });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const tokens = ids.map((id) => app!.jwt.sign({ sub: id, sid: sessionOf.get(id)!, tv: 0 }));
    const version = (await pool.query('SHOW server_version')).rows[0].server_version as string;
    return {
      port: (app.server.address() as AddressInfo).port,
      ids,
      tokens,
      direct,
      channel100,
      channel1000,
      version,
    };
  },

  /** Heap + external memory (and RSS) after garbage collection, and the number of open sockets. */
  async memory() {
    await settle();
    const m = process.memoryUsage();
    return {
      heapUsed: m.heapUsed,
      external: m.external,
      arrayBuffers: m.arrayBuffers,
      rss: m.rss,
      sockets: app?.realtime.io.engine.clientsCount ?? 0,
    };
  },

  async eldStart() {
    histogram?.disable();
    histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    return {};
  },

  async eldRead() {
    if (!histogram) return {};
    histogram.disable();
    const ms = (ns: number) => ns / 1e6;
    return {
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      mean: ms(histogram.mean),
    };
  },

  async stored(args) {
    const { rows } = await database!.pool.query(
      'SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1',
      [String(args.conversationId)],
    );
    return rows[0].n as number;
  },

  async stop() {
    await app?.close();
    await database?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    return {};
  },
};

process.on('message', (msg: { id: number; cmd: string; args?: Record<string, unknown> }) => {
  const command = commands[msg.cmd];
  if (!command) return process.send!({ id: msg.id, error: `unknown command ${msg.cmd}` });
  command(msg.args ?? {}).then(
    (result) => process.send!({ id: msg.id, result }),
    (error: Error) => process.send!({ id: msg.id, error: error.stack ?? String(error) }),
  );
});
process.send!({ ready: true });
