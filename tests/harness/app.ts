import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serverEntry, testsRoot } from './paths.ts';

export interface StartAppOptions {
  /** Extra or overriding environment variables for the server (DATABASE_URL, JWT_SECRET…). */
  env?: Record<string, string>;
  /** How long to wait for GET /api/health to answer 200; 60 s by default. */
  timeoutMs?: number;
}

export interface RunningApp {
  baseUrl: string;
  port: number;
  /** The fresh directory the embedded PGlite is persisted in (removed by stop()). */
  dataDir: string;
  /** Everything the server printed so far (stdout and stderr), for diagnostics. */
  output(): string;
  stop(): Promise<void>;
}

/** Settings a developer's shell may carry that must not leak into a test server. */
const SCRUBBED = [
  'DATABASE_URL',
  'PUBLIC_URL',
  'WEB_DIST',
  'REGION_FILE',
  'JWT_SECRET',
  'DATA_DIR',
  'PORT',
  'HOST',
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real server (`node --import tsx server/src/server.ts`) as a child process on a
 * free loopback port, with embedded PGlite in a fresh temporary DATA_DIR and the demo seed,
 * and waits until GET /api/health answers 200.
 */
export async function startApp(options: StartAppOptions = {}): Promise<RunningApp> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tsunagu-app-'));
  const baseUrl = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of SCRUBBED) delete env[key];
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
    PUBLIC_URL: baseUrl,
    LOG_LEVEL: 'warn',
    ...options.env,
  });
  // The vitest worker's own variables must not reach the server.
  for (const key of Object.keys(env)) if (key.startsWith('VITEST')) delete env[key];

  const child = spawn(process.execPath, ['--import', 'tsx', serverEntry], {
    cwd: testsRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', killOnExit);
    if (!exited) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exitPromise;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  // Generous: a first start migrates and seeds the demo (argon2 hashes), slow on a loaded machine.
  const timeoutMs = options.timeoutMs ?? 150_000;
  const started = Date.now();
  let lastProblem = 'no answer yet';
  while (Date.now() - started < timeoutMs) {
    if (exited) break;
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) {
        return { baseUrl, port, dataDir, output: () => output, stop };
      }
      lastProblem = `GET /api/health answered ${res.status}: ${(await res.text()).slice(0, 500)}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  const why = exited
    ? `the server exited (code ${exited.code}, signal ${exited.signal}) before it was ready`
    : `GET /api/health did not answer 200 within ${timeoutMs / 1000} s (${lastProblem})`;
  await stop();
  throw new Error(`startApp: ${why}.\n--- server output ---\n${output.slice(-20_000)}\n--- end ---`);
}
