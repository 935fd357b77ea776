import { execFileSync, spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres` (trust authentication, loopback only). */
  url: string;
  port: number;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The highest installed `/usr/lib/postgresql/<version>/bin` holding initdb, or undefined. */
export function findPostgresBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')) && existsSync(join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  return versions[0] ? join(base, versions[0], 'bin') : undefined;
}

function run(cmd: string, args: string[], options: SpawnSyncOptions = {}): string {
  const result = spawnSync(cmd, args, { encoding: 'utf8', ...options });
  if (result.error) throw new Error(`${cmd} could not run: ${result.error.message}`);
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
    throw new Error(`${cmd} ${args.join(' ')} failed (exit ${result.status}):\n${output}`);
  }
  return String(result.stdout ?? '');
}

/** Installs PostgreSQL with apt when running as root; otherwise says exactly what is missing. */
export function ensurePostgresInstalled(): string {
  const found = findPostgresBin();
  if (found) return found;
  if (!isRoot()) {
    throw new Error(
      'PostgreSQL server binaries are missing (no /usr/lib/postgresql/*/bin/initdb). ' +
        'Install them with: sudo apt-get install -y postgresql postgresql-contrib',
    );
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  console.log(
    '[testing] PostgreSQL is not installed: installing postgresql postgresql-contrib with apt-get…',
  );
  run('apt-get', [...lock, 'update'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  run('apt-get', [...lock, 'install', '-y', 'postgresql', 'postgresql-contrib'], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const bin = findPostgresBin();
  if (!bin)
    throw new Error('apt-get installed postgresql but no /usr/lib/postgresql/*/bin/initdb was found.');
  return bin;
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a real PostgreSQL server (the highest installed version) on a free loopback port,
 * in a fresh temporary data directory, tuned for tests (no fsync). Never skips: when the
 * binaries are missing it installs them (root) or throws saying what to install.
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  const bin = ensurePostgresInstalled();
  const root = isRoot();
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-pg-'));
  const dataDir = join(dir, 'data');
  const sockDir = join(dir, 'sock');
  const logFile = join(dir, 'server.log');
  mkdirSync(sockDir);
  // initdb refuses to run as root: run the server as the `postgres` user, owning the directory.
  let asUser: (cmd: string, args: string[]) => [string, string[]] = (cmd, args) => [cmd, args];
  if (root) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, uid, gid);
    chownSync(sockDir, uid, gid);
    asUser = (cmd, args) => ['runuser', ['-u', 'postgres', '--', cmd, ...args]];
  }
  const exec = (tool: string, args: string[]) => {
    const [cmd, fullArgs] = asUser(join(bin, tool), args);
    return run(cmd, fullArgs, { cwd: dir });
  };

  try {
    exec('initdb', [
      '-D',
      dataDir,
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
    ]);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  let port = 0;
  let lastError: unknown;
  for (let attempt = 0; attempt < 5; attempt++) {
    port = await freePort();
    const options = [
      `-p ${port}`,
      `-k ${sockDir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=300',
    ].join(' ');
    try {
      exec('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', '-o', options, 'start']);
      lastError = undefined;
      break;
    } catch (error) {
      lastError = error;
      // Most likely the port was taken in between: try another one.
    }
  }
  if (lastError) {
    const log = existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-4000) : '';
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`PostgreSQL did not start: ${(lastError as Error).message}\n${log}`);
  }

  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    try {
      exec('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  // If the test process ends without teardown, do not leave a server behind.
  process.once('exit', stopSync);

  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async stop() {
      process.off('exit', stopSync);
      stopSync();
    },
  };
}
