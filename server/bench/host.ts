// The benchmark's "server process": owns the database (PGlite in its worker thread, or a pg pool
// to PostgreSQL), runs the real app on a loopback port, and on request runs the same SQL through
// the driver alone, the EXPLAINs, and the event-loop delay monitor. Driven by run.ts over IPC,
// so the load generator (autocannon, in run.ts) never shares this process's event loop.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { migrateDatabase, openDatabase, type Database } from '@tsunagu/db';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { hashPassword } from '../src/features/auth/passwords.ts';
import type { App } from '../src/types.ts';
import {
  loadCoordinators,
  loadNationalRegions,
  loadOrganizations,
  nationalRegions,
  type OrgPool,
} from './national.ts';
import { searchProfiles } from '../src/features/directory/repository.ts';
import { MIX, PLAN_QUERIES, render } from './queries.ts';
import { BENCH_EMAIL, BENCH_PASSWORD, POOL_SIZE, statsOf } from './common.ts';

let database: Database | undefined;
let app: App | undefined;
let tmp: string | undefined;
let orgs: OrgPool | undefined;
let histogram: IntervalHistogram | undefined;
const national = nationalRegions();

const db = () => {
  if (!database) throw new Error('database not open');
  return database;
};

/** One search exactly as the endpoint runs it (`searchProfiles`: one to three statements), without HTTP. */
const search = (query: (typeof MIX)[number]['query'], trace?: Parameters<typeof searchProfiles>[4]) =>
  searchProfiles(db().db, query, query.page ?? 1, query.pageSize ?? 20, trace);

const commands: Record<string, (args: Record<string, unknown>) => Promise<unknown>> = {
  async open(args) {
    const started = performance.now();
    tmp = mkdtempSync(join(tmpdir(), 'tsunagu-bench-'));
    database = args.url
      ? await openDatabase({ url: String(args.url), poolSize: POOL_SIZE })
      : await openDatabase({ dataDir: join(tmp, 'pglite'), poolSize: POOL_SIZE });
    await migrateDatabase(database);
    // `--proposed`: the index changes proposed in proposed-migration.sql, on top of the migrations.
    if (args.proposed)
      await database.pool.query(readFileSync(new URL('./proposed-migration.sql', import.meta.url), 'utf8'));
    const version = (await database.pool.query('SHOW server_version')).rows[0].server_version as string;
    return { ms: performance.now() - started, version };
  },

  async generate(args) {
    const { pool } = db();
    const from = Number(args.from);
    const to = Number(args.to);
    const started = performance.now();
    if (from === 0) {
      await loadNationalRegions(pool, national);
      orgs = await loadOrganizations(pool, national);
    }
    if (!orgs) throw new Error('organisations not loaded');
    let last = 0;
    const timing = await loadCoordinators(pool, national, orgs, from, to, (done) => {
      if (done - last >= 50_000 || from + done === to) {
        last = done;
        const s = (performance.now() - started) / 1000;
        process.stdout.write(
          `    … ${(from + done).toLocaleString('en')} coordinators (${s.toFixed(0)} s)\n`,
        );
      }
    });
    const loadMs = performance.now() - started;
    const t = performance.now();
    await pool.query('VACUUM ANALYZE');
    const analyzeMs = performance.now() - t;
    const sizes = (
      await pool.query(`SELECT (SELECT count(*) FROM coordinator_profiles)::int AS rows,
        (SELECT count(*) FROM organizations)::int AS orgs,
        pg_size_pretty(pg_table_size('coordinator_profiles')) AS table_size,
        pg_size_pretty(pg_indexes_size('coordinator_profiles')) AS index_size`)
    ).rows[0];
    return { ...timing, loadMs, analyzeMs, totalMs: performance.now() - started, sizes };
  },

  async startApp() {
    const { pool } = db();
    await pool.query(
      `INSERT INTO users (email, display_name, display_kana, role, status, password_hash)
       VALUES ($1, 'ベンチ 利用者', 'べんち りようしゃ', 'supporter', 'active', $2) ON CONFLICT DO NOTHING`,
      [BENCH_EMAIL, await hashPassword(BENCH_PASSWORD)],
    );
    const config = loadConfig({
      NODE_ENV: 'production',
      JWT_SECRET: 'bench-only-secret-0123456789-abcdefghijklmnop',
      DATA_DIR: tmp,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'warn',
      WEB_DIST: '/nonexistent',
      DB_POOL_SIZE: String(POOL_SIZE),
      // Required in production since the referrals feature; a throw-away key (no family data here).
      FAMILY_DATA_KEY: Buffer.alloc(32, 7).toString('base64'),
    });
    app = await buildApp({ config, database: db() });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address();
    return { port: typeof address === 'object' && address ? address.port : 0 };
  },

  async stopApp() {
    await app?.close();
    app = undefined;
    return {};
  },

  async eventLoopStart() {
    histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    return {};
  },

  async eventLoopStop() {
    if (!histogram) return {};
    histogram.disable();
    const ms = (ns: number) => ns / 1e6;
    const result = {
      p50: ms(histogram.percentile(50)),
      p99: ms(histogram.percentile(99)),
      max: ms(histogram.max),
      mean: ms(histogram.mean),
    };
    histogram = undefined;
    return result;
  },

  /** The mix through the repository and `pg` alone (no HTTP): `concurrency` loops, each running one search. */
  async driver(args) {
    const concurrency = Number(args.concurrency);
    const durationMs = Number(args.durationMs);
    let next = 0;
    let errors = 0;
    const latencies: number[] = [];
    const started = performance.now();
    const deadline = started + durationMs;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) {
          const m = MIX[next++ % MIX.length]!;
          const t = performance.now();
          try {
            await search(m.query);
            latencies.push(performance.now() - t);
          } catch {
            errors++;
          }
        }
      }),
    );
    return statsOf(latencies, performance.now() - started, errors);
  },

  /** Each query of the mix alone, one at a time (no queueing): its own p50/p99, count and the statements it ran. */
  async serial(args) {
    const reps = Number(args.reps);
    const out = [];
    for (const m of MIX) {
      const both: number[] = [];
      let total = 0;
      let capped = false;
      let steps: string[] = [];
      const budget = performance.now() + Number(args.budgetMs ?? 4000);
      // `reps` runs after 2 warm-up runs, or fewer (at least 3) when a query is slow.
      for (let i = 0; i < reps + 2 && (i < 5 || performance.now() < budget); i++) {
        steps = [];
        const t0 = performance.now();
        const r = await search(m.query, (step) => steps.push(step));
        const t1 = performance.now();
        total = r.total;
        capped = r.totalCapped;
        if (i < 2) continue; // warm-up
        both.push(t1 - t0);
      }
      out.push({ label: m.label, total, capped, steps: steps.join(' + '), both: statsOf(both, 1) });
    }
    return out;
  },

  async explain() {
    const { pool } = db();
    const out = [];
    for (const q of PLAN_QUERIES) {
      const traced: { step: string; text: string; values: unknown[] }[] = [];
      await search(q.query, (step, statement) => traced.push({ step, ...render(statement) }));
      const statements = [];
      for (const st of traced) {
        const plan = (await pool.query(`EXPLAIN (ANALYZE, BUFFERS) ${st.text}`, st.values)).rows
          .map((r) => r['QUERY PLAN'] as string)
          .join('\n');
        statements.push({ step: st.step, plan });
      }
      out.push({ label: q.label, query: q.query, statements });
    }
    return out;
  },

  /** An ad-hoc statement (used for local experiments with alternative SQL/indexes). */
  async sql(args) {
    const r = await db().pool.query(String(args.text), (args.values as unknown[]) ?? []);
    return r.rows;
  },

  async close() {
    await app?.close();
    await database?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    setImmediate(() => process.exit(0));
    return {};
  },
};

process.on('message', async (msg: { id: number; cmd: string; args?: Record<string, unknown> }) => {
  try {
    const handler = commands[msg.cmd];
    if (!handler) throw new Error(`unknown command ${msg.cmd}`);
    const result = await handler(msg.args ?? {});
    process.send!({ id: msg.id, result });
  } catch (error) {
    process.send!({ id: msg.id, error: String((error as Error)?.stack ?? error) });
  }
});
process.on('disconnect', () => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  process.exit(0);
});
process.send!({ ready: true });
