import { describe, expect, it } from 'vitest';
import type { ImportJob, ImportReport } from '@tsunagu/shared';
import { canCommit, percent, pollJob } from '../src/features/admin/import-job.ts';

const report = (over: Partial<ImportReport> = {}): ImportReport => ({
  dryRun: true,
  encoding: 'shift_jis',
  totalRows: 3,
  validRows: 3,
  errors: [],
  organizationsCreated: 0,
  invitationsCreated: 0,
  profilesUpdated: 0,
  unchanged: 0,
  ...over,
});
const job = (over: Partial<ImportJob> = {}): ImportJob => ({
  id: '00000000-0000-4000-8000-000000000009',
  state: 'running',
  processed: 0,
  total: 3,
  report: null,
  error: null,
  ...over,
});

describe('import job', () => {
  it('polls until the job is done, reporting each state', async () => {
    const states = [
      job({ processed: 1 }),
      job({ processed: 2 }),
      job({ state: 'done', processed: 3, report: report() }),
    ];
    const seen: number[] = [];
    const sleeps: number[] = [];
    const last = await pollJob(
      job(),
      async () => states.shift()!,
      (j) => seen.push(j.processed),
      {
        sleep: async (ms) => {
          sleeps.push(ms);
        },
      },
    );
    expect(last.state).toBe('done');
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(sleeps).toEqual([300, 300, 300]);
  });

  it('stops when cancelled', async () => {
    let fetched = 0;
    const last = await pollJob(
      job(),
      async () => (fetched++, job()),
      () => {},
      {
        sleep: async () => {},
        isCancelled: () => true,
      },
    );
    expect([last.state, fetched]).toEqual(['running', 0]);
  });

  it('offers the import only after a clean dry run', () => {
    expect(canCommit(job({ state: 'done', report: report() }))).toBe(true);
    expect(
      canCommit(
        job({ state: 'done', report: report({ errors: [{ line: 2, reason: 'x', reasonEn: 'x' }] }) }),
      ),
    ).toBe(false);
    expect(canCommit(job({ state: 'done', report: report({ dryRun: false }) }))).toBe(false);
    expect(canCommit(job({ state: 'done', report: report({ validRows: 0 }) }))).toBe(false);
    expect(canCommit(null)).toBe(false);
  });

  it('computes a bounded percentage', () => {
    expect([percent(1, 3), percent(5, 3), percent(0, 0)]).toEqual([33, 100, 0]);
  });
});
