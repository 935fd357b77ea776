// Local experiments behind the choices in the benchmark report (not part of `pnpm bench`):
//   tsx bench/experiments.ts [--rows=500000] [--url=postgres://…  (an already generated database)]
// The search before this change (items in kana order through the planner's plan + an exact
// count) against `searchProfiles` (capped count, rule-chosen plan), and what the count costs at
// several caps — the figures behind SEARCH_COUNT_CAP.
import { sql, type SQL } from 'drizzle-orm';
import { migrateDatabase, openDatabase } from '@tsunagu/db';
import type { CoordinatorSearchQuery } from '@tsunagu/shared';
import { searchProfiles } from '../src/features/directory/repository.ts';
import { directoryOrder, directoryWhere } from '../src/features/directory/search-query.ts';
import { statsOf } from './common.ts';
import { loadCoordinators, loadNationalRegions, loadOrganizations, nationalRegions } from './national.ts';
import { startPostgres, type BenchPostgres } from './postgres.ts';
import { render } from './queries.ts';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const rows = Number(arg('rows') ?? 500_000);
const CAPS = [200, 1000, 5000];

const CASES: [string, CoordinatorSearchQuery][] = [
  ['no filters', {}],
  ['accepting only', { accepting: true }],
  ['area+qualification+careType', { area: ['13-a'], qualification: ['nurse'], careType: ['ventilator'] }],
  ['q 山', { q: '山' }],
  ['q 子', { q: '子' }],
  ['q 山田', { q: '山田' }],
  ['q ヤマダ', { q: 'ヤマダ' }],
  ['q 佐藤', { q: '佐藤' }],
  ['q わたなべ', { q: 'わたなべ' }],
  ['q 訪問看護', { q: '訪問看護' }],
  ['q 田中 + area', { q: '田中', area: ['40-a', '40-b'] }],
  ['area, sort -trainingYear', { area: ['23-a'], sort: '-trainingYear' }],
];

/** The statements before this change: the page as the planner likes it, and an exact count. */
const before = (q: CoordinatorSearchQuery) => ({
  items: sql`SELECT p.user_id FROM coordinator_profiles p LEFT JOIN organizations o ON o.id = p.organization_id
    WHERE ${directoryWhere(q)} ORDER BY ${directoryOrder(q)} LIMIT 20`,
  count: sql`SELECT count(*)::int AS total FROM coordinator_profiles p WHERE ${directoryWhere(q)}`,
});
const capped = (q: CoordinatorSearchQuery, cap: number) =>
  sql`SELECT count(*)::int AS total FROM (SELECT 1 FROM coordinator_profiles p WHERE ${directoryWhere(q)} LIMIT ${cap + 1}) s`;

async function main() {
  let server: BenchPostgres | undefined;
  let url = arg('url');
  if (!url) {
    server = await startPostgres();
    url = server.url;
  }
  try {
    const database = await openDatabase({ url, poolSize: 4 });
    if (server) {
      await migrateDatabase(database);
      const n = nationalRegions();
      await loadNationalRegions(database.pool, n);
      const orgs = await loadOrganizations(database.pool, n);
      await loadCoordinators(database.pool, n, orgs, 0, rows);
      await database.pool.query('VACUUM ANALYZE');
    }
    const time = async (run: () => Promise<unknown>, reps: number) => {
      const lat: number[] = [];
      for (let i = 0; i < reps + 1; i++) {
        const t = performance.now();
        await run();
        if (i >= 1) lat.push(performance.now() - t);
      }
      return statsOf(lat, 1);
    };
    const exec = (s: SQL) => () => database.pool.query(render(s).text, render(s).values);
    const f = (x: number) => x.toFixed(1).padStart(7);
    console.log(
      `${'query'.padEnd(28)} ${'before items'.padStart(9)} ${'before count'.padStart(9)} ${'after'.padStart(9)} ${CAPS.map((c) => `count≤${c}`.padStart(11)).join(' ')}   (p50 ms)`,
    );
    for (const [label, q] of CASES) {
      const b = before(q);
      // The old page query takes seconds for names: 3 runs are enough to show it.
      const items = await time(exec(b.items), 3);
      const count = await time(exec(b.count), 5);
      const after = await time(() => searchProfiles(database.db, q, 1, 20), 10);
      const caps = [];
      for (const c of CAPS) caps.push(await time(exec(capped(q, c)), 10));
      const total = (await database.pool.query(render(b.count).text, render(b.count).values)).rows[0].total;
      console.log(
        `${label.padEnd(28)} ${f(items.p50)} ${f(count.p50)} ${f(after.p50)} ${caps.map((c) => f(c.p50).padStart(11)).join(' ')}   ${total} matches`,
      );
    }
    await database.close();
  } finally {
    server?.stop();
  }
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
