import { spawnSync } from 'node:child_process';

export const isRoot = (): boolean => typeof process.getuid === 'function' && process.getuid() === 0;

/** Whether dpkg knows the package as installed. */
export function debInstalled(name: string): boolean {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

/** apt-get install as root, waiting for a busy dpkg lock instead of failing. */
export function aptInstall(packages: string[]): void {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const lock = ['-o', 'DPkg::Lock::Timeout=600'];
  console.log(`[tests] installing ${packages.join(' ')} with apt-get…`);
  for (const args of [
    [...lock, 'update'],
    [...lock, 'install', '-y', ...packages],
  ]) {
    const result = spawnSync('apt-get', args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.error) throw new Error(`apt-get could not run: ${result.error.message}`);
    if (result.status !== 0) throw new Error(`apt-get ${args.join(' ')} failed (exit ${result.status})`);
  }
}
