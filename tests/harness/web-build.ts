import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, webRoot } from './paths.ts';

/** The newest modification time under these paths (files and folders, recursively). */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    newest = Math.max(newest, stat.mtimeMs);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) if (entry !== 'node_modules') visit(join(path, entry));
    }
  };
  paths.forEach(visit);
  return newest;
}

/** Builds the SPA (`pnpm --filter @tsunagu/web build`) when web/dist is missing or older than its sources. */
export function ensureWebBuilt(): void {
  const index = join(webRoot, 'dist', 'index.html');
  const sources = [
    join(webRoot, 'src'),
    join(webRoot, 'index.html'),
    join(webRoot, 'public'),
    join(webRoot, 'vite.config.ts'),
    join(webRoot, 'package.json'),
    join(repoRoot, 'shared', 'src'),
  ];
  if (existsSync(index) && statSync(index).mtimeMs >= newestMtime(sources)) return;
  console.log('[tests] building the web app (pnpm --filter @tsunagu/web build)…');
  const started = Date.now();
  const result = spawnSync('pnpm', ['--filter', '@tsunagu/web', 'build'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.error) throw new Error(`pnpm could not run: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`the web build failed (exit ${result.status})`);
  if (!existsSync(index)) throw new Error(`the web build finished but ${index} is missing`);
  console.log(`[tests] web app built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
