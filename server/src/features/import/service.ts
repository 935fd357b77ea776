import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import type { ImportJob, ImportReport, ImportRowError } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { ProcessLease } from '../../lib/process-lease.ts';
import type { Actor } from '../../types.ts';
import { invite, type InviteContext } from '../accounts/invitations.ts';
import { saveProfile, type ProfileWrite } from '../directory/service.ts';
import { headerName, mapHeader, type HeaderMap } from './columns.ts';
import { CsvFileError, decodeCsv, type RequestedEncoding, type UsedEncoding } from './csv-decode.ts';
import { readHeader, readRecords } from './csv-records.ts';
import { organizationKey, placesOf, validateRow, type CoordinatorRow } from './rows.ts';

const { importJobs, organizations, users, coordinatorProfiles } = schema;

export const IMPORT_KIND = 'coordinators';
/** Rows handled between two progress updates (and two turns of the event loop): checking is quick, writing is not. */
export const CHUNK_ROWS = { dryRun: 100, import: 20 };
/** The report keeps this many row errors; a file with more is mostly the wrong file. */
export const MAX_REPORTED_ERRORS = 2000;
/** A job that has not moved for this long was cut off by a restart. */
const STALE_AFTER_MS = 10 * 60 * 1000;

/**
 * Runs import jobs in the background of this process and lets the app wait for them when it
 * closes, so no job writes to a database that is going away.
 */
export class JobRunner {
  private readonly running = new Set<Promise<void>>();
  private closing = false;

  /** `owner`: this process's id, recorded on its jobs (see ProcessLease). */
  constructor(readonly owner: string | null = null) {}

  get stopping() {
    return this.closing;
  }

  run(task: () => Promise<void>) {
    const promise: Promise<void> = task()
      .catch(() => undefined)
      .finally(() => this.running.delete(promise));
    this.running.add(promise);
  }

  async close() {
    this.closing = true;
    await Promise.allSettled([...this.running]);
  }
}

export interface ImportInput {
  bytes: Buffer;
  dryRun: boolean;
  encoding: RequestedEncoding;
}

const badCsv = (e: CsvFileError, details?: { field?: string; message: string }[]) =>
  new AppError('bad_csv', details, { ja: e.ja, en: e.en });

/** Reads the header at once: a file that is empty, binary or lacks required columns is refused with 400. */
function checkFile(input: ImportInput): { text: string; encoding: UsedEncoding; header: HeaderMap } {
  try {
    const { text, encoding } = decodeCsv(input.bytes, input.encoding);
    const fields = readHeader(text);
    if (fields.every((f) => !f.trim()))
      throw new CsvFileError(
        'ヘッダー行（1 行目の列名）がありません。',
        'The file has no header row (column names on line 1).',
      );
    const header = mapHeader(fields);
    if (header.missing.length) {
      const names = header.missing.map(headerName).join('、');
      throw new CsvFileError(
        `必須の列がありません: ${names}。1 行目に列名（例: 氏名,メールアドレス,所属機関）を書いてください。`,
        `Required columns are missing: ${names}. Put the column names on line 1 (e.g. name,email,organization).`,
      );
    }
    if (header.duplicate.length)
      throw new CsvFileError(
        `同じ項目の列が 2 つあります: ${header.duplicate.join('、')}。`,
        `Two columns mean the same field: ${header.duplicate.join(', ')}.`,
      );
    return { text, encoding, header };
  } catch (e) {
    if (e instanceof CsvFileError) throw badCsv(e);
    throw e;
  }
}

const toJob = (row: typeof importJobs.$inferSelect): ImportJob => ({
  id: row.id,
  state: row.state as ImportJob['state'],
  processed: row.processed,
  total: row.total,
  report: (row.report as ImportReport | null) ?? null,
  error: row.error,
});

/**
 * Starts an import of a coordinator list: checks the file's encoding and header now (400
 * `bad_csv` when it cannot be a list), creates the job and processes the rows in the background.
 */
export async function startCoordinatorImport(
  ctx: InviteContext,
  runner: JobRunner,
  actor: Actor,
  input: ImportInput,
): Promise<ImportJob> {
  const file = checkFile(input);
  const [job] = await ctx.db
    .insert(importJobs)
    .values({ kind: IMPORT_KIND, createdBy: actor.userId, state: 'running', owner: runner.owner })
    .returning();
  runner.run(() =>
    processImport(ctx, runner, actor, job!.id, { ...file, dryRun: input.dryRun, size: input.bytes.length }),
  );
  return toJob(job!);
}

/** What an interrupted job says: how far it got, and that running the file again is safe. */
const interruptedReason = (row: { processed: number; total: number }) =>
  `処理が中断されました（サーバーの停止・再起動など）。${row.total} 行中 ${row.processed} 行まで処理済みです。` +
  `同じファイルをもう一度取り込んでください（取り込み済みの行はメールアドレスで照合され、重複しません）。 / ` +
  `The import was interrupted (the server stopped or restarted) after ${row.processed} of ${row.total} rows. ` +
  `Import the same file again: rows already imported are matched by e-mail address and not duplicated.`;

/** Marks a job whose process is gone as failed, with the reason; returns the row as it now is. */
async function failInterrupted(db: Db, row: typeof importJobs.$inferSelect) {
  const [failed] = await db
    .update(importJobs)
    .set({ state: 'failed', error: interruptedReason(row), updatedAt: new Date() })
    .where(and(eq(importJobs.id, row.id), eq(importJobs.state, 'running')))
    .returning();
  if (failed)
    await audit(db, {
      actorId: null,
      action: 'import.interrupted',
      targetType: 'import_job',
      targetId: row.id,
      detail: { processed: row.processed, total: row.total, owner: row.owner },
    });
  return failed ?? row;
}

/**
 * At start, before serving: imports left `running` by a process that no longer exists (killed,
 * crashed) are marked failed with the reason at once, instead of showing progress forever.
 */
export async function recoverInterruptedImports(db: Db, lease: ProcessLease): Promise<number> {
  const rows = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.kind, IMPORT_KIND), eq(importJobs.state, 'running')));
  let failed = 0;
  for (const row of rows) {
    if (await lease.isAlive(row.owner)) continue;
    if ((await failInterrupted(db, row)).state === 'failed') failed++;
  }
  return failed;
}

/** A job for its creator or an admin; anyone else learns nothing about it (404). */
export async function getImportJob(
  db: Db,
  lease: ProcessLease,
  actor: Actor,
  id: string,
): Promise<ImportJob> {
  const [row] = await db.select().from(importJobs).where(eq(importJobs.id, id)).limit(1);
  if (!row || row.kind !== IMPORT_KIND || (row.createdBy !== actor.userId && actor.role !== 'admin'))
    throw notFound();
  // Another server process may have died while this one lives; a job that has not moved for
  // long was cut off some other way (a hung process).
  if (
    row.state === 'running' &&
    (Date.now() - row.updatedAt.getTime() > STALE_AFTER_MS || !(await lease.isAlive(row.owner)))
  )
    return toJob(await failInterrupted(db, row));
  return toJob(row);
}

/** What one row did. */
type Outcome = 'invited' | 'updated' | 'unchanged';

/** A row the database refused for a reason the person can fix. */
class RowRefused extends Error {
  constructor(
    readonly column: string | undefined,
    readonly reason: string,
    readonly reasonEn: string,
  ) {
    super(reasonEn);
  }
}

interface Run {
  ctx: InviteContext;
  actor: Actor;
  dryRun: boolean;
  header: HeaderMap;
  /** organisation key → id (existing, and those created by this run) */
  organizations: Map<string, string>;
  /** organisations a dry run would create */
  plannedOrganizations: Set<string>;
  report: ImportReport;
  errorCount: number;
}

function addError(run: Run, error: ImportRowError) {
  run.errorCount++;
  if (run.report.errors.length < MAX_REPORTED_ERRORS) run.report.errors.push(error);
}

class JobTakenAway extends Error {}

/** Records progress; a job no longer `running` was declared interrupted elsewhere, so it stops. */
async function progress(db: Db, jobId: string, values: { processed: number; total?: number }) {
  const updated = await db
    .update(importJobs)
    .set({ ...values, updatedAt: new Date() })
    .where(and(eq(importJobs.id, jobId), eq(importJobs.state, 'running')))
    .returning({ id: importJobs.id });
  if (!updated.length) throw new JobTakenAway('the job is no longer running');
}

async function processImport(
  ctx: InviteContext,
  runner: JobRunner,
  actor: Actor,
  jobId: string,
  file: { text: string; encoding: UsedEncoding; header: HeaderMap; dryRun: boolean; size: number },
) {
  const report: ImportReport = {
    dryRun: file.dryRun,
    encoding: file.encoding,
    totalRows: 0,
    validRows: 0,
    errors: [],
    organizationsCreated: 0,
    invitationsCreated: 0,
    profilesUpdated: 0,
    unchanged: 0,
  };
  const run: Run = {
    ctx,
    actor,
    dryRun: file.dryRun,
    header: file.header,
    organizations: new Map(),
    plannedOrganizations: new Set(),
    report,
    errorCount: 0,
  };
  let state: 'done' | 'failed' = 'done';
  let error: string | null = null;
  try {
    const records = await readRecords(file.text);
    const [headerRecord, ...rest] = records;
    if (!headerRecord) throw new CsvFileError('ヘッダー行がありません。', 'The file has no header row.');
    // Rows whose every cell is blank (",,,," from Excel) are not rows.
    const rows = rest.filter((r) => r.fields.some((f) => f.trim() !== ''));
    report.totalRows = rows.length;
    await progress(ctx.db, jobId, { total: rows.length, processed: 0 });

    const places = placesOf(await ctx.areas.all());
    for (const o of await ctx.db
      .select({
        id: organizations.id,
        name: organizations.name,
        municipalityCode: organizations.municipalityCode,
      })
      .from(organizations))
      run.organizations.set(organizationKey(o.name, o.municipalityCode), o.id);
    const seenEmails = new Map<string, number>();

    const chunkRows = file.dryRun ? CHUNK_ROWS.dryRun : CHUNK_ROWS.import;
    for (let start = 0; start < rows.length; start += chunkRows) {
      if (runner.stopping)
        throw new CsvFileError(
          'サーバーの停止により取り込みを中断しました。',
          'The import was stopped because the server is shutting down.',
        );
      const chunk = rows.slice(start, start + chunkRows);
      const valid: CoordinatorRow[] = [];
      for (const record of chunk) {
        const result = validateRow(record, file.header, places, seenEmails);
        result.errors.forEach((e) => addError(run, e));
        if (result.row) valid.push(result.row);
      }
      const outcomes = file.dryRun ? await predict(run, valid) : await write(run, valid);
      for (const outcome of outcomes) {
        if (!outcome) continue;
        report.validRows++;
        if (outcome === 'invited') report.invitationsCreated++;
        else if (outcome === 'updated') report.profilesUpdated++;
        else report.unchanged++;
      }
      await progress(ctx.db, jobId, { processed: Math.min(start + chunk.length, rows.length) });
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
    // Another process found this one gone (its lease lapsed) and failed the job: leave its verdict.
    if (e instanceof JobTakenAway) return;
    state = 'failed';
    if (e instanceof CsvFileError) error = e.text;
    else {
      ctx.log.error({ err: e, jobId }, 'coordinator import failed');
      error =
        '取り込み中にサーバーで問題が発生しました。時間をおいてもう一度お試しください。 / Something went wrong on the server during the import. Please try again later.';
    }
  }
  try {
    await ctx.db
      .update(importJobs)
      .set(
        state === 'done'
          ? { state, report, updatedAt: new Date() }
          : { state, error, report: null, updatedAt: new Date() },
      )
      .where(and(eq(importJobs.id, jobId), eq(importJobs.state, 'running')));
    await audit(ctx.db, {
      actorId: actor.userId,
      action: 'import.coordinators',
      targetType: 'import_job',
      targetId: jobId,
      detail: {
        state,
        dryRun: file.dryRun,
        encoding: file.encoding,
        fileSize: file.size,
        totalRows: report.totalRows,
        validRows: report.validRows,
        errorRows: new Set(report.errors.map((e) => e.line)).size,
        organizationsCreated: report.organizationsCreated,
        invitationsCreated: report.invitationsCreated,
        profilesUpdated: report.profilesUpdated,
        unchanged: report.unchanged,
      },
      ip: ctx.ip,
    });
  } catch (e) {
    ctx.log.error({ err: e, jobId }, 'could not record the end of a coordinator import');
  }
  // New rows wait in the GIN indexes' pending lists until a vacuum, and the planner then
  // prefers a sequential scan: fold them in and refresh statistics after a bulk import.
  if (!file.dryRun && state === 'done' && report.validRows > 0)
    await ctx.db
      .execute(sql`VACUUM ANALYZE coordinator_profiles`)
      .catch((e) => ctx.log.warn({ err: e }, 'vacuum after import failed'));
}

// ── What a row changes ──

interface Existing {
  user: { id: string; role: string; status: string; displayName: string; displayKana: string };
  profile: typeof coordinatorProfiles.$inferSelect | undefined;
}

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
};

/** Whether applying `changes` would alter an invited person's entry (a second run changes nothing). */
function wouldChange({ user, profile }: Existing, changes: ProfileWrite): boolean {
  if (!profile) return true;
  if (changes.displayName !== undefined && changes.displayName !== user.displayName) return true;
  if (changes.displayKana !== undefined && changes.displayKana !== user.displayKana) return true;
  if (changes.organizationId !== undefined && changes.organizationId !== profile.organizationId) return true;
  if (
    changes.qualifications &&
    !sameSet(
      changes.qualifications.map((q) => `${q.code}:${q.years}`),
      profile.qualifications.map((q) => `${q.code}:${q.years}`),
    )
  )
    return true;
  if (changes.trainingYear !== undefined && changes.trainingYear !== profile.trainingYear) return true;
  if (changes.municipalities && !sameSet(changes.municipalities, profile.municipalityCodes)) return true;
  if (changes.careTypes && !sameSet(changes.careTypes, profile.careTypes)) return true;
  if (changes.domains && !sameSet(changes.domains, profile.domains)) return true;
  if (changes.accepting !== undefined && changes.accepting !== profile.accepting) return true;
  if (changes.contact !== undefined && changes.contact !== profile.contact) return true;
  return false;
}

const roleLabel: Record<string, [string, string]> = {
  supporter: ['支援事業所スタッフ', 'supporter'],
  center_staff: ['支援センター職員', 'centre staff'],
  admin: ['管理者', 'admin'],
};

function otherRole(run: Run, role: string): RowRefused {
  const [ja, en] = roleLabel[role] ?? [role, role];
  return new RowRefused(
    run.header.label.email,
    `このメールアドレスは${ja}として招待済みのアカウントです。コーディネーターとして取り込めません。`,
    `This e-mail address belongs to an account invited as ${en}; it cannot be imported as a coordinator.`,
  );
}

const changesOf = (row: CoordinatorRow, organizationId: string): ProfileWrite => ({
  displayName: row.displayName,
  ...(row.displayKana !== undefined ? { displayKana: row.displayKana } : {}),
  organizationId,
  ...row.profile,
});

/** Accounts with these e-mail addresses, with their directory entries. */
async function existingAccounts(db: Db, emailKeys: string[]): Promise<Map<string, Existing>> {
  if (!emailKeys.length) return new Map();
  const rows = await db
    .select({
      user: {
        id: users.id,
        role: users.role,
        status: users.status,
        displayName: users.displayName,
        displayKana: users.displayKana,
        email: users.email,
      },
      profile: coordinatorProfiles,
    })
    .from(users)
    .leftJoin(coordinatorProfiles, eq(coordinatorProfiles.userId, users.id))
    .where(inArray(sql`lower(${users.email})`, emailKeys));
  return new Map(
    rows.map((r) => [r.user.email.toLowerCase(), { user: r.user, profile: r.profile ?? undefined }]),
  );
}

/** A dry run: what the import would do, reading only. */
async function predict(run: Run, rows: CoordinatorRow[]): Promise<(Outcome | null)[]> {
  const accounts = await existingAccounts(
    run.ctx.db,
    rows.map((r) => r.emailKey),
  );
  return rows.map((row) => {
    const existing = accounts.get(row.emailKey);
    if (existing && existing.user.status !== 'invited') return 'unchanged';
    if (existing && existing.user.role !== 'coordinator') {
      const refused = otherRole(run, existing.user.role);
      addError(run, {
        line: row.line,
        column: refused.column,
        reason: refused.reason,
        reasonEn: refused.reasonEn,
      });
      return null;
    }
    const key = row.organization.key;
    let organizationId = run.organizations.get(key);
    if (!organizationId) {
      if (!run.plannedOrganizations.has(key)) {
        run.plannedOrganizations.add(key);
        run.report.organizationsCreated++;
      }
      organizationId = `planned:${key}`;
    }
    if (!existing) return 'invited';
    return wouldChange(existing, changesOf(row, organizationId)) ? 'updated' : 'unchanged';
  });
}

/** The import: each row in a transaction of its own, so a refused row leaves nothing behind. */
async function write(run: Run, rows: CoordinatorRow[]): Promise<(Outcome | null)[]> {
  const outcomes: (Outcome | null)[] = [];
  for (const row of rows) {
    let organization: { id: string; created: boolean } | undefined;
    try {
      const outcome = await run.ctx.db.transaction(async (tx) => {
        const db = tx as unknown as Db;
        organization = undefined;
        const existing = (await existingAccounts(db, [row.emailKey])).get(row.emailKey);
        // An account its owner has taken over is theirs to maintain: the list does not overwrite it.
        if (existing && existing.user.status !== 'invited') return 'unchanged' as const;
        organization = await ensureOrganization(run, db, row);
        const organizationId = organization.id;
        if (existing && existing.user.role !== 'coordinator') throw otherRole(run, existing.user.role);
        const txCtx: InviteContext = { ...run.ctx, db };
        if (!existing) {
          await invite(txCtx, run.actor, {
            email: row.email,
            displayName: row.displayName,
            ...(row.displayKana !== undefined ? { displayKana: row.displayKana } : {}),
            role: 'coordinator',
            organizationId,
            profile: row.profile,
          });
          return 'invited' as const;
        }
        const changes = changesOf(row, organizationId);
        if (!wouldChange(existing, changes)) return 'unchanged' as const;
        await saveProfile(txCtx, existing.user.id, changes, { actorId: run.actor.userId, ip: run.ctx.ip, via: 'import' });
        return 'updated' as const;
      });
      if (organization) run.organizations.set(row.organization.key, organization.id);
      if (organization?.created) run.report.organizationsCreated++;
      outcomes.push(outcome);
    } catch (e) {
      outcomes.push(null);
      if (e instanceof RowRefused) {
        addError(run, {
          line: row.line,
          ...(e.column ? { column: e.column } : {}),
          reason: e.reason,
          reasonEn: e.reasonEn,
        });
      } else if (e instanceof AppError) {
        const body = e.toBody();
        const detail = body.details?.map((d) => d.message).join('; ');
        addError(run, {
          line: row.line,
          reason: detail ? `${body.message} ${detail}` : body.message,
          reasonEn: detail ? `${body.messageEn} ${detail}` : body.messageEn,
        });
      } else {
        run.ctx.log.error({ err: e, line: row.line }, 'coordinator import: a row could not be saved');
        addError(run, {
          line: row.line,
          reason: 'この行を保存できませんでした（サーバーの問題）。',
          reasonEn: 'This row could not be saved (a server problem).',
        });
      }
    }
  }
  return outcomes;
}

/** The organisation of a row: an existing one of the same (normalised) name in the municipality, or a new one. */
async function ensureOrganization(
  run: Run,
  db: Db,
  row: CoordinatorRow,
): Promise<{ id: string; created: boolean }> {
  const known = run.organizations.get(row.organization.key);
  if (known) return { id: known, created: false };
  const { name, type, municipalityCode, phone } = row.organization;
  const [inserted] = await db
    .insert(organizations)
    .values({ name, type, municipalityCode, phone })
    .onConflictDoNothing()
    .returning({ id: organizations.id });
  if (inserted) return { id: inserted.id, created: true };
  // Created meanwhile (another import): the unique index names it exactly.
  const [found] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(
      and(
        eq(organizations.name, name),
        sql`coalesce(${organizations.municipalityCode}, '') = ${municipalityCode ?? ''}`,
      ),
    )
    .limit(1);
  if (!found) throw new Error(`organisation "${name}" could neither be created nor found`);
  return { id: found.id, created: false };
}
