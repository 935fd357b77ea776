import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@tsunagu/db';
import { buildApp } from '../src/app.ts';
import { prepareDatabase } from '../src/bootstrap.ts';
import { loadConfig } from '../src/config.ts';
import type { App } from '../src/types.ts';

// The embedded database as `pnpm start` opens it without DATABASE_URL (on both test projects:
// it never uses the test server).
const dataDir = mkdtempSync(join(tmpdir(), 'tsunagu-embedded-'));
// A data directory others may enter, as one usually is: only the socket's own directory protects it.
chmodSync(dataDir, 0o755);
const config = loadConfig({
  NODE_ENV: 'test',
  DATA_DIR: dataDir,
  SEED_DEMO: 'false',
  LOG_LEVEL: 'silent',
  WEB_DIST: '/nonexistent',
  JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
});
let database: Database;
let app: App;

beforeAll(async () => {
  ({ database } = await prepareDatabase(config));
  app = await buildApp({ config, database });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** TCP ports this process listens on (its worker threads included), from /proc. */
function listeningPorts(): number[] {
  const inodes = new Set(
    readdirSync('/proc/self/fd')
      .map((fd) => {
        try {
          return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`))?.[1];
        } catch {
          return undefined;
        }
      })
      .filter((x): x is string => !!x),
  );
  const ports: number[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(file, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // st 0A = LISTEN; column 9 is the socket's inode.
      if (cols[3] === '0A' && inodes.has(cols[9] ?? ''))
        ports.push(Number.parseInt(cols[1]!.split(':')[1]!, 16));
    }
  }
  return ports;
}

const socketDir = () => String((database.pool as unknown as { options: { host: string } }).options.host);
const psqlAs = (user: string | undefined, host: string) =>
  spawnSync(
    user ? 'runuser' : 'psql',
    [
      ...(user ? ['-u', user, '--', 'psql'] : []),
      '-h',
      host,
      '-U',
      'postgres',
      '-d',
      'postgres',
      '-tAc',
      'SELECT count(*) FROM users',
    ],
    { encoding: 'utf8', timeout: 10_000 },
  );
const isRoot = process.getuid?.() === 0;

describe('the embedded database is not open to other local processes', () => {
  it('is served on a Unix socket inside DATA_DIR, in a directory only its owner may enter', async () => {
    expect(socketDir()).toBe(join(dataDir, 'run'));
    expect(statSync(socketDir()).mode & 0o777).toBe(0o700);
    expect(statSync(join(socketDir(), '.s.PGSQL.5432')).isSocket()).toBe(true);
    // The data files themselves are the owner's only, too.
    expect(statSync(join(dataDir, 'pglite')).mode & 0o777).toBe(0o700);
    const res = await app.inject({ method: 'GET', url: '/api/health' });
    expect(res.json()).toMatchObject({ status: 'ok', database: { state: 'up', driver: 'pglite' } });
  });

  it('listens on no TCP port that a PostgreSQL client can open', async () => {
    const opened: number[] = [];
    for (const port of listeningPorts()) {
      const client = new pg.Client({
        host: '127.0.0.1',
        port,
        user: 'postgres',
        database: 'postgres',
        connectionTimeoutMillis: 2000,
      });
      client.on('error', () => {});
      try {
        await client.connect();
        await client.query('SELECT 1');
        opened.push(port);
      } catch {
        // not a database
      } finally {
        await client.end().catch(() => {});
      }
    }
    expect(opened).toEqual([]);
  });

  it.runIf(isRoot)('refuses psql run by another user (nobody), while its owner can connect', () => {
    const owner = psqlAs(undefined, socketDir());
    expect(owner.status, owner.stderr).toBe(0);
    expect(owner.stdout.trim()).toMatch(/^\d+$/);
    const other = psqlAs('nobody', socketDir());
    expect(other.status).not.toBe(0);
    expect(other.stderr).toMatch(/Permission denied/i);
    expect(other.stdout).toBe('');
  });

  it('starts again over a socket file left by a killed process', async () => {
    await app.close();
    await database.close();
    // kill -9 leaves the socket file behind; a plain file stands in for it.
    writeFileSync(join(dataDir, 'run', '.s.PGSQL.5432'), 'left over');
    ({ database } = await prepareDatabase(config));
    app = await buildApp({ config, database });
    await app.ready();
    expect((await app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    expect(statSync(join(socketDir(), '.s.PGSQL.5432')).isSocket()).toBe(true);
  });
});
