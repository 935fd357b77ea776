// `pnpm --filter @tsunagu/server bench:messaging` (add `-- --quick` for a smoke run,
// `-- --db=postgres` or `--db=pglite,postgres` for PostgreSQL too): the messaging benchmark.
//
// The real app runs in a child process (host.ts) with its database — PGlite in its worker
// thread by default, as in production without DATABASE_URL — and every message goes the
// production way: validated, stored (sequence number, one statement), then broadcast. This
// process holds the socket.io clients and measures, on one clock, from the moment a message is
// emitted to the moment each member's socket receives it:
//   1. memory per connection with 2,000 connected users (heap + external after GC; RSS),
//   2. delivery in a direct conversation, to a 100-member channel and to a 1,000-member channel
//      at 20 messages/s (senders rotate among members, each within the per-user rate limit),
//   3. the server's event-loop delay during each run, with the 2,000 users connected.
// Figures are printed and written to bench-messaging/README-figures.md. Measured, never asserted.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { io, type Socket } from 'socket.io-client';
import { startPostgresServer } from '@tsunagu/db/testing';
import type { ClientToServerEvents, ServerToClientEvents } from '@tsunagu/shared';

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const argv = process.argv.slice(2);
const flag = (name: string) => argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
const value = (name: string) => flag(name)?.split('=')[1];
const quick = !!flag('quick');
const drivers = (value('db') ?? 'pglite').split(',') as ('pglite' | 'postgres')[];
const USERS = Number(value('users') ?? (quick ? 1200 : 2000));
const MESSAGES = Number(value('messages') ?? (quick ? 60 : 300));
const RATE = 20; // messages per second in every run
const SENDERS = 10; // rotating senders: 2 messages/s each, well within the per-user limit
const outFile = fileURLToPath(
  new URL(quick ? './README-figures.quick.md' : './README-figures.md', import.meta.url),
);

const started = performance.now();
const log = (s: string) =>
  console.log(`[${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s] ${s}`);
const f1 = (n: number) => n.toFixed(1);
const kb = (bytes: number) => (bytes / 1024).toFixed(1);

// ── the server process ──
interface Host {
  call<T = unknown>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  child: ChildProcess;
}
function startHost(): Promise<Host> {
  const child = fork(fileURLToPath(new URL('./host.ts', import.meta.url)), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, '--expose-gc'],
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
      if (msg.ready)
        return resolve({
          child,
          call: (cmd, args) =>
            new Promise((res, rej) => {
              const id = nextId++;
              pending.set(id, { resolve: res as (v: unknown) => void, reject: rej });
              child.send({ id, cmd, args });
            }),
        });
      const p = pending.get(msg.id!);
      if (!p) return;
      pending.delete(msg.id!);
      if (msg.error) p.reject(new Error(msg.error));
      else p.resolve(msg.result);
    });
  });
}

// ── clients ──
function connect(url: string, token: string): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: { token },
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (e) => reject(e));
  });
}

async function connectAll(url: string, tokens: string[], batch = 50): Promise<ClientSocket[]> {
  const sockets: ClientSocket[] = [];
  for (let i = 0; i < tokens.length; i += batch)
    sockets.push(...(await Promise.all(tokens.slice(i, i + batch).map((t) => connect(url, t)))));
  return sockets;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p99: percentile(s, 99), max: s.at(-1) ?? NaN };
}

interface RunResult {
  name: string;
  members: number;
  delivery: ReturnType<typeof stats>;
  lastRecipient: ReturnType<typeof stats>;
  ack: ReturnType<typeof stats>;
  eld: { p50: number; p99: number; max: number };
  stored: number;
  refused: number;
}

/** Sends MESSAGES at RATE/s through rotating senders; every member's socket records each arrival. */
async function deliveryRun(
  host: Host,
  name: string,
  conversationId: string,
  members: ClientSocket[],
  count: number,
): Promise<RunResult> {
  const sentAt = new Map<string, number>();
  const perMessage = new Map<string, number[]>();
  const ackTimes: number[] = [];
  let refused = 0;
  const listeners = members.map((socket) => {
    const listener = (m: { id: string; conversationId: string }) => {
      const at = performance.now();
      if (m.conversationId !== conversationId) return;
      const t0 = sentAt.get(m.id);
      if (t0 === undefined) return;
      const list = perMessage.get(m.id) ?? [];
      list.push(at - t0);
      perMessage.set(m.id, list);
    };
    socket.on('message:new', listener);
    return () => socket.off('message:new', listener);
  });
  const senders = members.slice(0, Math.min(SENDERS, members.length));
  await host.call('eldStart');
  const interval = 1000 / RATE;
  const begin = performance.now();
  const acks: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = begin + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const sender = senders[i % senders.length]!;
    const clientId = randomUUID();
    const t0 = performance.now();
    sentAt.set(clientId, t0);
    acks.push(
      sender
        .timeout(30_000)
        .emitWithAck('message:send', {
          conversationId,
          clientId,
          text: `ベンチマークのメッセージ ${i}：訪問看護ステーションとの連絡調整について`,
        })
        .then((ack) => {
          if (ack.ok) ackTimes.push(performance.now() - t0);
          else refused++;
        }),
    );
  }
  await Promise.all(acks);
  // Let the last fan-out arrive.
  const expected = members.length - 1;
  const deadline = performance.now() + 30_000;
  while (
    performance.now() < deadline &&
    [...sentAt.keys()].some((id) => (perMessage.get(id)?.length ?? 0) < expected)
  )
    await new Promise((r) => setTimeout(r, 20));
  const eld = await host.call<{ p50: number; p99: number; max: number }>('eldRead');
  listeners.forEach((off) => off());
  // Every receipt except the sender's own socket (it receives its message too).
  const all = [...perMessage.values()].flat();
  const last = [...perMessage.values()].map((l) => Math.max(...l));
  return {
    name,
    members: members.length,
    delivery: stats(all),
    lastRecipient: stats(last),
    ack: stats(ackTimes),
    eld,
    stored: await host.call<number>('stored', { conversationId }),
    refused,
  };
}

async function benchmark(driver: 'pglite' | 'postgres') {
  let pg: Awaited<ReturnType<typeof startPostgresServer>> | undefined;
  if (driver === 'postgres') pg = await startPostgresServer();
  const host = await startHost();
  try {
    log(`${driver}: creating ${USERS} users, sessions and conversations; starting the app`);
    const setup = await host.call<{
      port: number;
      tokens: string[];
      direct: string;
      channel100: string;
      channel1000: string;
      version: string;
    }>('start', {
      users: USERS,
      ...(pg ? { url: pg.url } : {}),
    });
    const url = `http://127.0.0.1:${setup.port}`;

    const before = await host.call<{ heapUsed: number; external: number; rss: number }>('memory');
    const t0 = performance.now();
    await host.call('eldStart');
    const sockets = await connectAll(url, setup.tokens);
    const connectMs = performance.now() - t0;
    const connectEld = await host.call<{ p99: number; max: number }>('eldRead');
    await new Promise((r) => setTimeout(r, 500));
    const after = await host.call<{ heapUsed: number; external: number; rss: number; sockets: number }>(
      'memory',
    );
    const perConnection = {
      heapExternal: (after.heapUsed + after.external - before.heapUsed - before.external) / sockets.length,
      rss: (after.rss - before.rss) / sockets.length,
    };
    log(
      `${driver}: ${after.sockets} users connected in ${(connectMs / 1000).toFixed(1)} s; per connection ${kb(perConnection.heapExternal)} KB heap+external, ` +
        `${kb(perConnection.rss)} KB RSS; event-loop delay while connecting p99 ${f1(connectEld.p99)} ms`,
    );
    await host.call('eldStart');
    await new Promise((r) => setTimeout(r, 2000));
    const idleEld = await host.call<{ p99: number; max: number }>('eldRead');

    const runs: RunResult[] = [];
    const channelSize = Math.min(1000, USERS);
    for (const [name, conversationId, members] of [
      ['direct conversation', setup.direct, sockets.slice(0, 2)],
      ['100-member channel', setup.channel100, sockets.slice(0, 100)],
      [
        `${channelSize.toLocaleString('en')}-member channel`,
        setup.channel1000,
        sockets.slice(0, channelSize),
      ],
    ] as const) {
      const result = await deliveryRun(host, name, conversationId, [...members], MESSAGES);
      runs.push(result);
      log(
        `${driver}: ${name}: delivery p50 ${f1(result.delivery.p50)} / p99 ${f1(result.delivery.p99)} ms (last recipient p99 ${f1(result.lastRecipient.p99)} ms), ` +
          `ack p99 ${f1(result.ack.p99)} ms, server event-loop delay p99 ${f1(result.eld.p99)} ms; ${result.stored} stored, ${result.refused} refused`,
      );
    }
    sockets.forEach((s) => s.close());
    return {
      driver,
      version: setup.version,
      users: sockets.length,
      connectMs,
      perConnection,
      connectEld,
      idleEld,
      runs,
    };
  } finally {
    await host.call('stop').catch(() => undefined);
    host.child.kill();
    await pg?.stop();
  }
}

const results = [];
for (const driver of drivers) results.push(await benchmark(driver));

const machine = `${availableParallelism()} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}`;
const lines = [
  `# Messaging benchmark figures${quick ? ' (quick run)' : ''}`,
  '',
  `Measured ${new Date().toISOString().slice(0, 10)} on ${machine}; server and clients are separate processes on this machine.`,
  `${MESSAGES} messages per run at ${RATE} messages/s from ${SENDERS} rotating senders; every message stored in the database before it is broadcast.`,
  '',
];
for (const r of results) {
  lines.push(
    `## ${r.driver === 'pglite' ? 'PGlite (worker thread, the default)' : 'PostgreSQL'} ${r.version}`,
    '',
  );
  lines.push(
    `- ${r.users.toLocaleString('en')} connected users held by one process: ${kb(r.perConnection.heapExternal)} KB per connection (heap + external after GC), ${kb(r.perConnection.rss)} KB RSS; connecting them took ${(r.connectMs / 1000).toFixed(1)} s (event-loop delay p99 ${f1(r.connectEld.p99)} ms meanwhile); idle event-loop delay p99 ${f1(r.idleEld.p99)} ms`,
    '',
  );
  lines.push(
    '| run | members | delivery p50 | delivery p99 | last recipient p99 | ack p99 | server event-loop delay p99 (max) | stored |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const run of r.runs)
    lines.push(
      `| ${run.name} | ${run.members} | ${f1(run.delivery.p50)} ms | ${f1(run.delivery.p99)} ms | ${f1(run.lastRecipient.p99)} ms | ${f1(run.ack.p99)} ms | ${f1(run.eld.p99)} ms (${f1(run.eld.max)}) | ${run.stored}${run.refused ? ` (${run.refused} refused)` : ''} |`,
    );
  lines.push('');
}
writeFileSync(outFile, lines.join('\n'));
console.log(`\n${lines.join('\n')}\nwritten to ${outFile}`);
process.exit(0);
