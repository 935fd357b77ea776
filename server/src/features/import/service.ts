import { eq } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import type { ImportJob, ImportReport } from '@tsunagu/shared';
import { AppError, notFound } from '../../lib/errors.ts';
import type { JobQueue } from '../../lib/jobs.ts';
import type { Actor } from '../../types.ts';
import { headerName, mapHeader, type HeaderMap } from './columns.ts';
import { CsvFileError, decodeCsv, type RequestedEncoding, type UsedEncoding } from './csv-decode.ts';
import { readHeader } from './csv-records.ts';
import { canImport, canReadImportJob } from './policy.ts';

const { importJobs } = schema;

export const IMPORT_KIND = 'coordinators';
/** The queue of coordinator imports (see run.ts). */
export const IMPORT_JOB = 'import.coordinators';

export interface ImportInput {
  bytes: Buffer;
  dryRun: boolean;
  encoding: RequestedEncoding;
}

/** What the queued job carries; the file itself waits in import_jobs.source. */
export interface ImportJobData {
  importJobId: string;
  actor: Actor;
  ip: string;
  dryRun: boolean;
  encoding: UsedEncoding;
  size: number;
}

const badCsv = (e: CsvFileError, details?: { field?: string; message: string }[]) =>
  new AppError('bad_csv', details, { ja: e.ja, en: e.en });

/** The header of a decoded file: a file without one, or lacking required columns, is not a list. */
export function headerOf(text: string): HeaderMap {
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
  return header;
}

/** Reads the header at once: a file that is empty, binary or lacks required columns is refused with 400. */
function checkFile(input: ImportInput): { text: string; encoding: UsedEncoding } {
  try {
    const { text, encoding } = decodeCsv(input.bytes, input.encoding);
    headerOf(text);
    return { text, encoding };
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
 * `bad_csv` when it cannot be a list), then records the job with its file and queues it, in one
 * transaction: the rows are processed in the background, and again after a restart.
 */
export async function startCoordinatorImport(
  db: Db,
  jobs: JobQueue,
  actor: Actor,
  ip: string,
  input: ImportInput,
): Promise<ImportJob> {
  if (!canImport(actor)) throw new AppError('forbidden');
  const file = checkFile(input);
  const job = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(importJobs)
      .values({ kind: IMPORT_KIND, createdBy: actor.userId, state: 'running', source: file.text })
      .returning();
    const data: ImportJobData = {
      importJobId: row!.id,
      actor,
      ip,
      dryRun: input.dryRun,
      encoding: file.encoding,
      size: input.bytes.length,
    };
    await jobs.send(IMPORT_JOB, data, { id: row!.id, db: tx as unknown as Db });
    return row!;
  });
  jobs.wake(IMPORT_JOB);
  return toJob(job);
}

/** A job for its creator or an admin; anyone else learns nothing about it (404). */
export async function getImportJob(db: Db, actor: Actor, id: string): Promise<ImportJob> {
  const [row] = await db.select().from(importJobs).where(eq(importJobs.id, id)).limit(1);
  if (!row || row.kind !== IMPORT_KIND || !canReadImportJob(actor, row)) throw notFound();
  return toJob(row);
}
