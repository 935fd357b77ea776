import { randomUUID } from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { and, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import type { ImportReport } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { JobPostponed, type Job, type JobQueue } from '../../lib/jobs.ts';
import type { InviteContext } from '../accounts/invitations.ts';
import { addError, predict, write, type Run } from './apply.ts';
import { CsvFileError } from './csv-decode.ts';
import { readRecords } from './csv-records.ts';
import { placesOf } from './places.ts';
import { organizationKey, validateRow, type CoordinatorRow } from './rows.ts';
import { IMPORT_JOB, headerOf, type ImportJobData } from './service.ts';

const { importJobs, organizations } = schema;

/** Rows handled between two checkpoints (and two turns of the event loop): checking is quick, writing is not. */
export const CHUNK_ROWS = { dryRun: 100, import: 20 };

/** Where a run got to, saved with each chunk: a run cut off (restart, kill -9) goes on from here. */
interface Checkpoint {
  report: ImportReport;
  errorCount: number;
  planned: string[];
}

type Context = Omit<InviteContext, 'ip'>;

/** Imports are jobs of the queue: retried with backoff after a server problem, resumed after a restart. */
export function defineImportJob(jobs: JobQueue, ctx: Context) {
  jobs.define<ImportJobData>(IMPORT_JOB, {
    retryLimit: 3,
    retryDelay: 5,
    retryBackoff: true,
    expireInSeconds: 60 * 60,
    handler: (job) => processImport({ ...ctx, ip: job.data.ip }, job),
    onGiveUp: (job, reason) => giveUp(ctx.db, job.data, reason),
  });
}

class JobTakenAway extends Error {}

/** Records progress; a run that no longer owns the job (another run took it over) stops. */
async function progress(
  db: Db,
  jobId: string,
  token: string,
  values: { processed: number; total?: number; checkpoint?: Checkpoint },
) {
  const updated = await db
    .update(importJobs)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(importJobs.id, jobId), eq(importJobs.owner, token), eq(importJobs.state, 'running')))
    .returning({ id: importJobs.id });
  if (!updated.length) throw new JobTakenAway('the job is no longer this run’s');
}

const emptyReport = (data: ImportJobData): ImportReport => ({
  dryRun: data.dryRun,
  encoding: data.encoding,
  totalRows: 0,
  validRows: 0,
  errors: [],
  organizationsCreated: 0,
  invitationsCreated: 0,
  profilesUpdated: 0,
  unchanged: 0,
});

async function processImport(ctx: InviteContext, job: Job<ImportJobData>) {
  const { data } = job;
  const jobId = data.importJobId;
  const [row] = await ctx.db.select().from(importJobs).where(eq(importJobs.id, jobId)).limit(1);
  // Finished already (the queue may hand a job back after its end was recorded).
  if (!row || row.state !== 'running' || row.source === null) return;
  const token = randomUUID();
  await ctx.db.update(importJobs).set({ owner: token }).where(eq(importJobs.id, jobId));
  const saved = row.checkpoint as Checkpoint | null;
  if (saved) ctx.log.info({ jobId, processed: row.processed }, 'resuming an interrupted import');
  const report = saved?.report ?? emptyReport(data);
  const run: Run = {
    ctx,
    actor: data.actor,
    dryRun: data.dryRun,
    header: headerOf(row.source),
    organizations: new Map(),
    plannedOrganizations: new Set(saved?.planned ?? []),
    report,
    errorCount: saved?.errorCount ?? 0,
  };
  const checkpoint = (): Checkpoint => ({
    report,
    errorCount: run.errorCount,
    planned: [...run.plannedOrganizations],
  });
  let state: 'done' | 'failed' = 'done';
  let error: string | null = null;
  try {
    const [headerRecord, ...rest] = await readRecords(row.source);
    if (!headerRecord) throw new CsvFileError('ヘッダー行がありません。', 'The file has no header row.');
    // Rows whose every cell is blank (",,,," from Excel) are not rows.
    const rows = rest.filter((r) => r.fields.some((f) => f.trim() !== ''));
    report.totalRows = rows.length;
    const from = saved ? row.processed : 0;
    await progress(ctx.db, jobId, token, { total: rows.length, processed: from, checkpoint: checkpoint() });

    const places = placesOf(await ctx.areas.all());
    for (const o of await ctx.db
      .select({
        id: organizations.id,
        name: organizations.name,
        municipalityCode: organizations.municipalityCode,
      })
      .from(organizations))
      run.organizations.set(organizationKey(o.name, o.municipalityCode), o.id);
    // Rows done before a restart are checked again only to know the file's e-mail addresses (duplicates).
    const seenEmails = new Map<string, number>();
    for (const record of rows.slice(0, from)) validateRow(record, run.header, places, seenEmails);

    const chunkRows = data.dryRun ? CHUNK_ROWS.dryRun : CHUNK_ROWS.import;
    for (let start = from; start < rows.length; start += chunkRows) {
      // Stopping: the checkpoint is saved; the next start goes on from it.
      if (job.stopping()) throw new JobPostponed('the server is stopping');
      const chunk = rows.slice(start, start + chunkRows);
      const valid: CoordinatorRow[] = [];
      for (const record of chunk) {
        const result = validateRow(record, run.header, places, seenEmails);
        result.errors.forEach((e) => addError(run, e));
        if (result.row) valid.push(result.row);
      }
      const outcomes = data.dryRun ? await predict(run, valid) : await write(run, valid);
      for (const outcome of outcomes) {
        if (!outcome) continue;
        report.validRows++;
        if (outcome === 'invited') report.invitationsCreated++;
        else if (outcome === 'updated') report.profilesUpdated++;
        else report.unchanged++;
      }
      await progress(ctx.db, jobId, token, {
        processed: Math.min(start + chunk.length, rows.length),
        checkpoint: checkpoint(),
      });
      await yieldToEventLoop();
    }
    // Rows refused while writing are found after the chunk's validation: show them in file order.
    report.errors.sort((a, b) => a.line - b.line);
    if (run.errorCount > report.errors.length) {
      const more = run.errorCount - report.errors.length;
      report.errors.push({
        line: 0,
        reason: `ほかに ${more} 件のエラーがあります（表示を省略しました）。`,
        reasonEn: `${more} more errors are not shown.`,
      });
    }
  } catch (e) {
    // Another run took the job over: leave it to that run.
    if (e instanceof JobTakenAway) return;
    // A file that cannot be read fails for good; anything else (a database outage) is tried again.
    if (!(e instanceof CsvFileError)) throw e;
    state = 'failed';
    error = e.text;
  }
  await finish(ctx, data, token, state === 'done' ? { state, report } : { state, error, report: null });
  // New rows wait in the GIN indexes' pending lists until a vacuum, and the planner then
  // prefers a sequential scan: fold them in and refresh statistics after a bulk import.
  if (!data.dryRun && state === 'done' && report.validRows > 0)
    await ctx.db
      .execute(sql`VACUUM ANALYZE coordinator_profiles`)
      .catch((e) => ctx.log.warn({ err: e }, 'vacuum after import failed'));
}

/** Records the end of a run (its file is no longer needed) and audits it. */
async function finish(
  ctx: InviteContext,
  data: ImportJobData,
  token: string,
  end: { state: 'done' | 'failed'; report: ImportReport | null; error?: string | null },
) {
  const [ended] = await ctx.db
    .update(importJobs)
    .set({ ...end, source: null, checkpoint: null, updatedAt: new Date() })
    .where(
      and(eq(importJobs.id, data.importJobId), eq(importJobs.owner, token), eq(importJobs.state, 'running')),
    )
    .returning();
  if (!ended) return;
  const report = end.report;
  await audit(ctx.db, {
    actorId: data.actor.userId,
    action: 'import.coordinators',
    targetType: 'import_job',
    targetId: data.importJobId,
    detail: {
      state: end.state,
      dryRun: data.dryRun,
      encoding: data.encoding,
      fileSize: data.size,
      totalRows: report?.totalRows ?? ended.total,
      validRows: report?.validRows ?? 0,
      errorRows: new Set(report?.errors.map((e) => e.line)).size,
      organizationsCreated: report?.organizationsCreated ?? 0,
      invitationsCreated: report?.invitationsCreated ?? 0,
      profilesUpdated: report?.profilesUpdated ?? 0,
      unchanged: report?.unchanged ?? 0,
    },
    ip: ctx.ip,
  });
}

/** The queue gave up (its tries failed, or its process died on the last one): say so, with how far it got. */
async function giveUp(db: Db, data: ImportJobData, reason: string) {
  const [failed] = await db
    .update(importJobs)
    .set({
      state: 'failed',
      source: null,
      checkpoint: null,
      error: sql`format('取り込みを完了できませんでした（サーバーの問題）。%s 行中 %s 行まで処理済みです。同じファイルをもう一度取り込んでください（取り込み済みの行はメールアドレスで照合され、重複しません）。 / The import could not be completed (a server problem) after %s of %s rows. Import the same file again: rows already imported are matched by e-mail address and not duplicated.', ${importJobs.total}, ${importJobs.processed}, ${importJobs.processed}, ${importJobs.total})`,
      updatedAt: new Date(),
    })
    .where(and(eq(importJobs.id, data.importJobId), eq(importJobs.state, 'running')))
    .returning();
  if (failed)
    await audit(db, {
      actorId: null,
      action: 'import.interrupted',
      targetType: 'import_job',
      targetId: data.importJobId,
      detail: { processed: failed.processed, total: failed.total, reason },
    });
}
