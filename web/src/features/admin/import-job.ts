import type { ImportJob } from '@tsunagu/shared';

export const POLL_INTERVAL_MS = 300;

const sleepMs = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls an import job until it is no longer running (or `isCancelled` says stop).
 * Pure of Vue so it can be tested with a fake fetcher and sleep.
 */
export async function pollJob(
  first: ImportJob,
  fetchJob: (id: string) => Promise<ImportJob>,
  onUpdate: (job: ImportJob) => void,
  opts: { isCancelled?: () => boolean; sleep?: (ms: number) => Promise<void>; intervalMs?: number } = {},
): Promise<ImportJob> {
  const sleep = opts.sleep ?? sleepMs;
  let job = first;
  onUpdate(job);
  while (job.state === 'running') {
    await sleep(opts.intervalMs ?? POLL_INTERVAL_MS);
    if (opts.isCancelled?.()) return job;
    job = await fetchJob(job.id);
    onUpdate(job);
  }
  return job;
}

/** 0–100 for a progress bar. */
export function percent(done: number, total: number): number {
  if (total <= 0) return 0;
  return Math.max(0, Math.min(100, Math.round((done / total) * 100)));
}

/** A dry run may be committed when it parsed at least one row and found no error. */
export function canCommit(job: ImportJob | null): boolean {
  const r = job?.report;
  return !!r && job?.state === 'done' && r.dryRun && r.errors.length === 0 && r.validRows > 0;
}
