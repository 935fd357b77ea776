// `pnpm bench` (add `-- --quick` for a smoke run): the directory-search benchmark.
// For PGlite (embedded, worker thread) and a throw-away PostgreSQL server, at 100k and 500k
// coordinators: generation time, API throughput/latency (autocannon), the same SQL through the
// driver alone, event-loop delay of the API process, per-query latency and EXPLAIN plans.
// Results are printed and written to bench/README-figures.md. Measured, never asserted.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { BENCH_EMAIL, BENCH_PASSWORD, POOL_SIZE, type LatencyStats } from './common.ts';
import { startPostgres, type BenchPostgres } from './postgres.ts';
import { MIX, urlOf } from './queries.ts';

// ── options ──
const argv = process.argv.slice(2);
const flag = (name: string) => argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const value = (name: string) => flag(name)?.split('=')[1];
const quick = !!flag('quick');
const sizes = (value('sizes') ?? (quick ? '20000' : '100000,500000')).split(',').map(Number);
const drivers = (value('only') ?? 'pglite,postgres').split(',') as ('pglite' | 'postgres')[];
const durationS = Number(value('duration') ?? (quick ? 3 : 10));
/** `--proposed`: apply bench/proposed-migration.sql after the migrations (index proposals, measured). */
const proposed = !!flag('proposed');
const serialReps = quick ? 5 : 20;
const CONNECTIONS = 10; // autocannon connections = driver-alone concurrency
const FIXED_RATE = 250;
const FIXED_RATE_CONNECTIONS = 25;
/** Generating 500k into PGlite is skipped when the 100k run predicts more than this. */
const PGLITE_GENERATION_BUDGET_S = 300;
/** …or when the previous size already serves fewer searches/s than this through the driver. */
const PGLITE_MIN_RATE = 50;
const outFile = fileURLToPath(
  new URL(`./README-figures${proposed ? '.proposed' : ''}${quick ? '.quick' : ''}.md`, import.meta.url),
);

const benchStarted = performance.now();
/** The machine's 1-minute load average, sampled every 5 s: other work on the 2 cores skews every figure. */
const loads: number[] = [];
const loadSampler = setInterval(() => loads.push(loadavg()[0]!), 5000);
loadSampler.unref();
const elapsed = () => `${((performance.now() - benchStarted) / 1000).toFixed(0)} s`;
const log = (s: string) => console.log(`[${elapsed().padStart(5)}] ${s}`);
const f0 = (n: number) => Math.round(n).toLocaleString('en');
const f1 = (n: number) => n.toFixed(1);

// ── the server process ──
interface Host {
  call<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  child: ChildProcess;
}

function startHost(): Promise<Host> {
  const child = fork(fileURLToPath(new URL('./host.ts', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      for (const p of pending.values()) p.reject(new Error(`the server process exited (${code})`));
      reject(new Error(`the server process exited (${code})`));
    });
    child.on('message', (msg: { ready?: boolean; id?: number; result?: unknown; error?: string }) => {
      if (msg.ready) {
        resolve({
          child,
          call: (cmd, args) =>
            new Promise((res, rej) => {
              const id = nextId++;
              pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
              child.send({ id, cmd, args });
            }),
        });
        return;
      }
      const p = pending.get(msg.id!);
      if (!p) return;
      pending.delete(msg.id!);
      if (msg.error) p.reject(new Error(msg.error));
      else p.resolve(msg.result);
    });
  });
}

// ── HTTP load ──
async function login(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: BENCH_EMAIL, password: BENCH_PASSWORD }),
  });
  const body = (await res.json()) as { accessToken?: string };
  if (res.status !== 200 || !body.accessToken)
    throw new Error(`bench login failed: ${res.status} ${JSON.stringify(body)}`);
  return body.accessToken;
}

async function checkMix(port: number, token: string) {
  for (const m of MIX) {
    const res = await fetch(`http://127.0.0.1:${port}${urlOf(m.query)}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (res.status !== 200) throw new Error(`${m.label}: HTTP ${res.status} ${await res.text()}`);
  }
}

interface ApiStats {
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  non2xx: number;
  errors: number;
  total: number;
}

async function load(port: number, token: string, seconds: number, rate?: number): Promise<ApiStats> {
  const paths = MIX.map((m) => urlOf(m.query));
  let next = 0;
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: rate ? FIXED_RATE_CONNECTIONS : CONNECTIONS,
    duration: seconds,
    ...(rate ? { overallRate: rate } : {}),
    headers: { authorization: `Bearer ${token}` },
    requests: [
      {
        method: 'GET',
        setupRequest: (req) => {
          req.path = paths[next++ % paths.length]!;
          return req;
        },
      },
    ],
  });
  return {
    perSecond: result.requests.total / result.duration,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

// ── one measurement (a driver at a size) ──
interface Serial {
  label: string;
  total: number;
  capped: boolean;
  steps: string;
  both: LatencyStats;
}
interface Plan {
  label: string;
  query: unknown;
  statements: { step: string; plan: string }[];
}
interface EventLoop {
  p50: number;
  p99: number;
  max: number;
  mean: number;
}
interface Generation {
  rows: number;
  jsMs: number;
  dbMs: number;
  loadMs: number;
  analyzeMs: number;
  totalMs: number;
  sizes: Record<string, string | number>;
}
interface Measurement {
  driver: string;
  version: string;
  rows: number;
  generation: Generation[];
  apiMax: ApiStats;
  elMax: EventLoop;
  apiFixed: ApiStats;
  elFixed: EventLoop;
  driverAlone: LatencyStats;
  serial: Serial[];
  plans: Plan[];
}

async function measure(
  host: Host,
  port: number,
  driver: string,
  version: string,
  rows: number,
  generation: Generation[],
): Promise<Measurement> {
  const token = await login(port);
  await checkMix(port, token);
  log(`  warm-up (${quick ? 1 : 2} s)…`);
  await load(port, token, quick ? 1 : 2);

  log(`  API at max throughput, ${CONNECTIONS} connections, ${durationS} s…`);
  await host.call('eventLoopStart');
  const apiMax = await load(port, token, durationS);
  const elMax = await host.call<EventLoop>('eventLoopStop');
  log(
    `    ${f0(apiMax.perSecond)} req/s, p50 ${apiMax.p50} ms, p99 ${apiMax.p99} ms; event loop p99 ${f1(elMax.p99)} ms, max ${f1(elMax.max)} ms${apiMax.non2xx ? `; ${apiMax.non2xx} non-2xx!` : ''}`,
  );

  log(`  API at a fixed ${FIXED_RATE} req/s offered, ${durationS} s…`);
  await host.call('eventLoopStart');
  const apiFixed = await load(port, token, durationS, FIXED_RATE);
  const elFixed = await host.call<EventLoop>('eventLoopStop');
  log(
    `    ${f0(apiFixed.perSecond)} req/s served, p50 ${apiFixed.p50} ms, p99 ${apiFixed.p99} ms; event loop p99 ${f1(elFixed.p99)} ms, max ${f1(elFixed.max)} ms`,
  );

  log(`  the same SQL through pg alone, concurrency ${CONNECTIONS}, ${durationS} s…`);
  const driverAlone = await host.call<LatencyStats>('driver', {
    concurrency: CONNECTIONS,
    durationMs: durationS * 1000,
  });
  log(
    `    ${f0(driverAlone.perSecond)} searches/s, p50 ${f1(driverAlone.p50)} ms, p99 ${f1(driverAlone.p99)} ms; API/driver ${(apiMax.perSecond / driverAlone.perSecond).toFixed(2)}`,
  );

  log(`  each query alone, ${serialReps} runs…`);
  const serial = await host.call<Serial[]>('serial', { reps: serialReps, budgetMs: 4000 });
  for (const s of serial)
    log(
      `    ${s.label.padEnd(38)} ${hits(s).padStart(7)} hits  p50 ${f1(s.both.p50).padStart(6)} ms  p99 ${f1(s.both.p99).padStart(6)} ms  (${s.steps})`,
    );

  const plans = await host.call<Plan[]>('explain');
  for (const p of plans)
    if (seqScan(p, rows))
      log(`    ⚠ whole-table Seq Scan on coordinator_profiles: ${p.label} (${seqScan(p, rows)})`);
  return { driver, version, rows, generation, apiMax, elMax, apiFixed, elFixed, driverAlone, serial, plans };
}

const hits = (s: Serial) => (s.capped ? `${f0(s.total)}+` : f0(s.total));

/**
 * The Seq Scans on coordinator_profiles in a plan, with the rows each read (returned + removed by
 * the filter). A Seq Scan under a LIMIT that stops after a thousand rows (the capped count of a
 * search with no selective condition) is not a scan of the table; one that reads half of it is.
 */
function seqScans(plan: string) {
  const out: { read: number }[] = [];
  const lines = plan.split('\n');
  lines.forEach((line, i) => {
    const m = line.match(
      /Seq Scan on coordinator_profiles .*actual time=[\d.]+\.\.[\d.]+ rows=([\d.]+) loops=(\d+)/,
    );
    if (!m) return;
    const removed = lines
      .slice(i + 1, i + 4)
      .join(' ')
      .match(/Rows Removed by Filter: (\d+)/);
    out.push({ read: Number(m[1]) * Number(m[2]) + Number(removed?.[1] ?? 0) });
  });
  return out;
}
const seqScan = (p: Plan, tableRows: number) =>
  p.statements
    .flatMap((st) =>
      seqScans(st.plan)
        .filter((s) => s.read >= tableRows / 2)
        .map((s) => `${st.step}: ${f0(s.read)} rows read`),
    )
    .join('; ');
const limitedSeqScans = (p: Plan) =>
  p.statements
    .flatMap((st) => seqScans(st.plan).map((s) => `${st.step}: ${f0(s.read)} rows read`))
    .join('; ');

// ── the run ──
async function runDriver(driver: 'pglite' | 'postgres', results: Measurement[], notes: string[]) {
  let pgServer: BenchPostgres | undefined;
  let host: Host | undefined;
  try {
    if (driver === 'postgres') {
      pgServer = await startPostgres();
      log(
        `PostgreSQL ${pgServer.version} started on ${pgServer.url.replace(/^.*@/, '')} (${pgServer.settings})`,
      );
    }
    host = await startHost();
    const opened = await host.call<{ ms: number; version: string }>('open', {
      ...(pgServer ? { url: pgServer.url } : {}),
      proposed,
    });
    const version = `${driver === 'pglite' ? 'PGlite (worker thread)' : 'PostgreSQL'} ${opened.version.split(' ')[0]}`;
    log(`${version}: opened and migrated in ${f0(opened.ms)} ms`);
    let have = 0;
    let port = 0;
    const generation: Generation[] = [];
    for (const size of sizes) {
      const previous = results.filter((m) => m.driver === driver).at(-1);
      if (driver === 'pglite' && previous && previous.driverAlone.perSecond < PGLITE_MIN_RATE) {
        const note = `PGlite at ${f0(size)} rows was not measured: at ${f0(previous.rows)} rows it already serves only ${f1(previous.driverAlone.perSecond)} searches/s through the driver alone (< ${PGLITE_MIN_RATE}), so a ${f0(size)}-row run would only queue requests for minutes. (A trial run, stopped early, generated 400k more rows in 185 s and then measured 0 completed API requests in 10 s and a driver-alone p50 of 25.9 s.) ${f0(size)} rows are measured on PostgreSQL only.`;
        log(note);
        notes.push(note);
        continue;
      }
      if (driver === 'pglite' && generation.length) {
        const perRow = generation.reduce((s, g) => s + g.totalMs, 0) / have;
        const predicted = (perRow * (size - have)) / 1000;
        if (predicted > PGLITE_GENERATION_BUDGET_S) {
          const note = `PGlite at ${f0(size)} rows was not measured: generating ${f0(size - have)} more rows would take about ${f0(predicted)} s (> ${PGLITE_GENERATION_BUDGET_S} s budget, from the ${f0(have)}-row rate); ${f0(size)} rows are measured on PostgreSQL only.`;
          log(note);
          notes.push(note);
          continue;
        }
      }
      log(`${version}: generating coordinators ${f0(have)} → ${f0(size)}…`);
      const g = await host.call<Generation>('generate', { from: have, to: size });
      generation.push(g);
      have = size;
      log(
        `  generated ${f0(g.rows)} in ${f1(g.totalMs / 1000)} s (JS ${f1(g.jsMs / 1000)} s, inserts ${f1(g.dbMs / 1000)} s, VACUUM ANALYZE ${f1(g.analyzeMs / 1000)} s); profiles ${g.sizes.table_size} + indexes ${g.sizes.index_size}`,
      );
      if (!port) port = (await host.call<{ port: number }>('startApp')).port;
      results.push(await measure(host, port, driver, version, size, [...generation]));
    }
  } finally {
    await host?.call('close').catch(() => undefined);
    pgServer?.stop();
    if (pgServer) log('PostgreSQL stopped and its directory deleted');
  }
}

// ── the report ──
function goalsOf(m: Measurement) {
  const big = m.rows >= 500_000;
  const sqlGoal = big ? 20 : 5;
  const worst = m.serial.reduce((w, s) => (s.both.p99 > w.both.p99 ? s : w));
  const scans = m.plans.filter((p) => seqScan(p, m.rows));
  const ratio = m.apiMax.perSecond / m.driverAlone.perSecond;
  return [
    {
      goal: `no whole-table scan of coordinator_profiles (plans below)`,
      value: scans.length ? scans.map((p) => `${p.label} (${seqScan(p, m.rows)})`).join('; ') : 'none',
      met: scans.length === 0,
    },
    {
      goal: `SQL alone p99 ≤ ${sqlGoal} ms (slowest query, serial)`,
      value: `${f1(worst.both.p99)} ms (${worst.label})`,
      met: worst.both.p99 <= sqlGoal,
    },
    {
      goal: `SQL alone p99 ≤ ${sqlGoal} ms (mix, ${CONNECTIONS} concurrent)`,
      value: `${f1(m.driverAlone.p99)} ms`,
      met: m.driverAlone.p99 <= sqlGoal,
    },
    { goal: 'API ≥ 0.6 × driver alone', value: `${ratio.toFixed(2)}×`, met: ratio >= 0.6 },
    { goal: 'API ≥ 1,000 req/s', value: `${f0(m.apiMax.perSecond)} req/s`, met: m.apiMax.perSecond >= 1000 },
    {
      goal: `API p99 ≤ 50 ms at ${FIXED_RATE} req/s`,
      value: `${m.apiFixed.p99} ms`,
      met: m.apiFixed.p99 <= 50,
    },
    {
      goal: 'event-loop p99 ≤ 20 ms',
      value: `${f1(Math.max(m.elMax.p99, m.elFixed.p99))} ms`,
      met: Math.max(m.elMax.p99, m.elFixed.p99) <= 20,
    },
  ];
}

function report(results: Measurement[], notes: string[], totalS: number): string {
  const L: string[] = [];
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  L.push(`# Directory search benchmark${quick ? ' (quick smoke run)' : ''}`, '');
  L.push(
    `Generated by \`pnpm bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}: Node ${process.version}, ${availableParallelism()} cores (${cpu}), ${f0(totalmem() / 2 ** 30)} GiB RAM. Total run ${f0(totalS)} s. Machine load average (1 min, sampled every 5 s) during the run: ${loads.length ? `${f1(Math.min(...loads))}–${f1(Math.max(...loads))}, median ${f1([...loads].sort((x, y) => x - y)[Math.floor(loads.length / 2)]!)}` : 'not sampled'} (on ${availableParallelism()} cores; above ${availableParallelism()} means other processes were competing for the CPU).`,
  );
  L.push('');
  L.push(
    `Load: ${MIX.length} queries in rotation (below), ${CONNECTIONS} autocannon connections for ${durationS} s at max throughput, then ${FIXED_RATE} req/s offered (${FIXED_RATE_CONNECTIONS} connections, latency corrected for coordinated omission). The driver-alone run makes the same searches (\`searchProfiles\`, the repository function the service calls: one to three statements, see below) through drizzle and \`pg\` with the server's pool (${POOL_SIZE}) at the same concurrency, in the server process while the API is idle — everything but HTTP, validation and authentication.${proposed ? ' **With bench/proposed-migration.sql applied after the migrations.**' : ''} The API process is a separate process from the load generator; all on loopback, on the same ${availableParallelism()} cores. Server log level \`warn\`; every request authenticated with a Bearer token (one DB lookup of the session per request).`,
  );
  L.push('');
  for (const n of notes) L.push(`> ${n}`, '');
  // Hand-written findings (before/after, choices, what is still missed) live in README-notes.md.
  const notesFile = fileURLToPath(new URL('./README-notes.md', import.meta.url));
  if (!quick && !proposed && existsSync(notesFile)) L.push(readFileSync(notesFile, 'utf8').trim(), '');

  L.push('## Figures', '');
  L.push(
    '| database | rows | generate (s) | API req/s (max) | API p50 / p99 ms | driver searches/s | driver p50 / p99 ms | API / driver | API p50 / p99 ms @ 250 req/s | event loop p99 / max ms (max load) | event loop p99 / max ms (@250) |',
  );
  L.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|');
  for (const m of results) {
    const g = m.generation[m.generation.length - 1]!;
    const gen = m.generation.length > 1 ? `${f1(g.totalMs / 1000)} (+${f0(g.rows)})` : f1(g.totalMs / 1000);
    L.push(
      `| ${m.version} | ${f0(m.rows)} | ${gen} | ${f0(m.apiMax.perSecond)} | ${m.apiMax.p50} / ${m.apiMax.p99} | ${f0(m.driverAlone.perSecond)} | ${f1(m.driverAlone.p50)} / ${f1(m.driverAlone.p99)} | ${(m.apiMax.perSecond / m.driverAlone.perSecond).toFixed(2)} | ${m.apiFixed.p50} / ${m.apiFixed.p99} | ${f1(m.elMax.p99)} / ${f1(m.elMax.max)} | ${f1(m.elFixed.p99)} / ${f1(m.elFixed.max)} |`,
    );
  }
  const bad = results.filter(
    (m) => m.apiMax.non2xx || m.apiFixed.non2xx || m.apiMax.errors || m.apiFixed.errors,
  );
  for (const m of bad)
    L.push(
      '',
      `⚠ ${m.version} ${f0(m.rows)}: ${m.apiMax.non2xx + m.apiFixed.non2xx} non-2xx responses, ${m.apiMax.errors + m.apiFixed.errors} errors.`,
    );
  L.push('');
  L.push(
    'Generation: `INSERT … SELECT FROM unnest(…)` in batches of 5,000 rows (users + coordinator_profiles, all indexes in place), projection computed in JS with `projectProfile`, then `VACUUM ANALYZE`. The 500k row is generated on top of the 100k data (the figure is the extra 400k).',
  );
  L.push('');

  L.push('## Goals', '');
  L.push('| database | rows | goal | measured | |', '|---|--:|---|---|---|');
  for (const m of results)
    for (const g of goalsOf(m))
      L.push(`| ${m.version} | ${f0(m.rows)} | ${g.goal} | ${g.value} | ${g.met ? 'met' : '**missed**'} |`);
  L.push('');

  L.push('## Each query alone (serial, ms)', '');
  L.push(
    `${serialReps} runs per query after 2 warm-up runs (at least 3, within about 4 s, for slow queries). "statements": what \`searchProfiles\` ran (counted = capped count + page of a small match set; walk = the page read in kana order; sorted = every match sorted).`,
    '',
  );
  const header = results.map((m) => `${m.driver} ${f0(m.rows / 1000)}k p50 / p99`);
  const last = results[results.length - 1]!;
  L.push(
    `| query | URL | hits at ${f0(last?.rows ?? 0)} | statements at ${f0(last?.rows ?? 0)} | ${header.join(' | ')} |`,
  );
  L.push(`|---|---|--:|---|${header.map(() => '--:').join('|')}|`);
  MIX.forEach((q, i) => {
    L.push(
      `| ${q.label} | \`${urlOf(q.query).replace('/api/coordinators', '')}\` | ${hits(last.serial[i]!)} | ${last.serial[i]!.steps} | ${results.map((m) => `${f1(m.serial[i]!.both.p50)} / ${f1(m.serial[i]!.both.p99)}`).join(' | ')} |`,
    );
  });
  L.push('');

  L.push('## Query plans', '');
  for (const m of results) {
    L.push(`### ${m.version}, ${f0(m.rows)} rows`, '');
    for (const p of m.plans) {
      const flagged = seqScan(p, m.rows);
      const limited = limitedSeqScans(p);
      L.push(
        `**${p.label}** \`${JSON.stringify(p.query)}\`${flagged ? ` — ⚠ **whole-table Seq Scan on coordinator_profiles** (${flagged})` : limited ? ` — Seq Scan stopped by its LIMIT (${limited})` : ''}`,
        '',
      );
      L.push('```');
      for (const st of p.statements) L.push(`-- ${st.step}`, st.plan);
      L.push('```', '');
    }
  }
  return L.join('\n');
}

async function main() {
  log(
    `directory search benchmark${quick ? ' (quick)' : ''}: sizes ${sizes.map(f0).join(', ')}; ${drivers.join(', ')}; ${durationS} s runs`,
  );
  const results: Measurement[] = [];
  const notes: string[] = [];
  for (const driver of drivers) await runDriver(driver, results, notes);
  results.sort((a, b) => a.rows - b.rows || a.driver.localeCompare(b.driver));
  const text = report(results, notes, (performance.now() - benchStarted) / 1000);
  writeFileSync(outFile, `${text}\n`);
  console.log(`\n${text.split('\n## Query plans')[0]}`);
  console.log('\nPlans summary:');
  for (const m of results)
    for (const p of m.plans) {
      const top = (plan: string) =>
        plan
          .split('\n')
          .filter((l) => /Scan|Sort|Limit|Aggregate/.test(l))
          .map((l) =>
            l
              .trim()
              .replace(/\s+\(cost.*$/, '')
              .replace(/\s+\(actual.*$/, ''),
          )
          .slice(0, 3)
          .join(' ← ');
      const time = (plan: string) => plan.match(/Execution Time: ([\d.]+)/)?.[1] ?? '?';
      console.log(
        `  ${m.driver} ${f0(m.rows / 1000)}k ${p.label.padEnd(30)} ${p.statements.map((st) => `${st.step} ${time(st.plan)} ms [${top(st.plan)}]`).join('  ')}${seqScan(p, m.rows) ? '  ⚠ WHOLE-TABLE SEQ SCAN' : ''}`,
      );
    }
  console.log(`\nWritten to ${outFile}`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
