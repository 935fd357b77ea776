import { and, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import type { ResourceImportReport } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { CsvFileError, decodeCsv, type RequestedEncoding } from '../import/csv-decode.ts';
import { readRecords } from '../import/csv-records.ts';
import type { AreaDirectory } from '../reference/service.ts';
import { diffFacts, factsOf, projectResource } from './facts.ts';
import { mapHeader, type Field } from './import-columns.ts';
import { readResourceRows } from './import-rows.ts';

const { resources, resourceRevisions, organizations } = schema;

/** The most rows a resource list may have (a prefecture's list is a few hundred). */
export const MAX_RESOURCE_ROWS = 5000;
export const MAX_RESOURCE_IMPORT_BYTES = 5 * 1024 * 1024;

export interface ResourceImportContext {
  db: Db;
  areas: AreaDirectory;
  ip: string | null;
  now?: () => Date;
}

/** Reads, checks and (unless a dry run) writes a resource list. Safe to run twice: rows are matched by organisation, type and name. */
export async function importResources(
  ctx: ResourceImportContext,
  actor: Actor,
  input: { bytes: Uint8Array; dryRun: boolean; encoding: RequestedEncoding },
): Promise<ResourceImportReport> {
  let text: string;
  let encoding: string;
  let records;
  let header: Map<Field, { index: number; name: string }>;
  try {
    ({ text, encoding } = decodeCsv(input.bytes, input.encoding));
    records = await readRecords(text);
    if (!records.length) throw new CsvFileError('ファイルが空です。', 'The file is empty.');
    header = mapHeader(records[0]!.fields);
  } catch (e) {
    if (e instanceof CsvFileError)
      throw new AppError('bad_csv', [{ message: e.text }], { ja: e.ja, en: e.en });
    throw e;
  }
  const rows = records.slice(1).filter((r) => r.fields.some((f) => f.trim()));
  if (rows.length > MAX_RESOURCE_ROWS)
    throw new AppError('bad_csv', undefined, {
      ja: `行数が多すぎます（最大${MAX_RESOURCE_ROWS}行）。ファイルを分けてください。`,
      en: `Too many rows (at most ${MAX_RESOURCE_ROWS}). Split the file.`,
    });

  const areaOf = await ctx.areas.areaOfMunicipality();
  const { errors, valid } = readResourceRows(rows, header, await ctx.areas.all(), areaOf);
  const report: ResourceImportReport = {
    dryRun: input.dryRun,
    encoding,
    totalRows: rows.length,
    validRows: valid.length,
    errors,
    organizationsCreated: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
  };
  if (!input.dryRun && errors.length)
    throw new AppError('import_has_errors', undefined, undefined, { report });

  const at = ctx.now?.() ?? new Date();
  const run = async (db: Db, write: boolean) => {
    const orgIds = new Map<string, string | null>();
    for (const row of valid) {
      const orgKey = `${row.organization.name}\u0000${row.organization.municipalityCode ?? ''}`;
      let orgId = orgIds.get(orgKey);
      if (orgId === undefined) {
        const [existing] = await db
          .select()
          .from(organizations)
          .where(
            and(
              eq(organizations.name, row.organization.name),
              sql`coalesce(${organizations.municipalityCode}, '') = ${row.organization.municipalityCode ?? ''}`,
            ),
          )
          .limit(1);
        orgId = existing?.id ?? null;
        if (!orgId) {
          report.organizationsCreated++;
          if (write) {
            const [created] = await db
              .insert(organizations)
              .values({
                name: row.organization.name,
                type: row.organization.type,
                municipalityCode: row.organization.municipalityCode,
              })
              .returning({ id: organizations.id });
            orgId = created!.id;
          }
        }
        orgIds.set(orgKey, orgId);
      }
      const [existing] = orgId
        ? await db
            .select()
            .from(resources)
            .where(
              and(
                eq(resources.organizationId, orgId),
                eq(resources.serviceType, row.facts.serviceType),
                eq(resources.name, row.facts.name),
              ),
            )
            .limit(1)
        : [];
      if (!existing) {
        report.created++;
        if (write && orgId) {
          const [created] = await db
            .insert(resources)
            .values({
              ...row.facts,
              ...projectResource(row.facts, areaOf),
              organizationId: orgId,
              confirmedAt: row.confirmedAt ?? at,
              confirmedBy: actor.userId,
              createdBy: actor.userId,
              createdAt: at,
              updatedAt: at,
            })
            .returning({ id: resources.id });
          await db.insert(resourceRevisions).values({
            resourceId: created!.id,
            actorId: actor.userId,
            action: 'imported',
            previous: {},
            changes: { ...row.facts, line: row.line },
            at,
          });
        }
        continue;
      }
      const before = factsOf(existing);
      const { previous, changes } = diffFacts(before, row.facts);
      if (row.confirmedAt && +row.confirmedAt !== +existing.confirmedAt) {
        previous.confirmedAt = existing.confirmedAt.toISOString();
        changes.confirmedAt = row.confirmedAt.toISOString();
      }
      if (!Object.keys(changes).length) {
        report.unchanged++;
        continue;
      }
      report.updated++;
      if (write) {
        await db
          .update(resources)
          .set({
            ...row.facts,
            ...projectResource(row.facts, areaOf),
            ...(row.confirmedAt ? { confirmedAt: row.confirmedAt, confirmedBy: actor.userId } : {}),
            updatedAt: at,
          })
          .where(eq(resources.id, existing.id));
        await db.insert(resourceRevisions).values({
          resourceId: existing.id,
          actorId: actor.userId,
          action: 'imported',
          previous,
          changes,
          at,
        });
      }
    }
  };
  if (input.dryRun) await run(ctx.db, false);
  else
    await ctx.db.transaction(async (tx) => {
      await run(tx as unknown as Db, true);
      await audit(tx, {
        actorId: actor.userId,
        action: 'resource.imported',
        targetType: 'resource',
        detail: {
          rows: report.totalRows,
          created: report.created,
          updated: report.updated,
          unchanged: report.unchanged,
          organizationsCreated: report.organizationsCreated,
        },
        ip: ctx.ip,
      });
    });
  return report;
}
