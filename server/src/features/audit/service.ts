import { asc, count, eq } from 'drizzle-orm';
import { stringify } from 'csv-stringify/sync';
import { schema, type Db } from '@tsunagu/db';
import type { AuditLogEntry, AuditLogQuery, AuditLogResponse } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { checkCalendarDate } from '../../lib/calendar-date.ts';
import { AppError, forbidden, invalid } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { canReadAuditLog } from './policy.ts';
import { auditWhere, newestFirst, type AuditFilter } from './queries.ts';

const { auditLog, users } = schema;
/** A CSV is for a period's review, not a copy of the whole log. */
export const CSV_MAX_ROWS = 50_000;

/**
 * Rows hold ids, codes and counts only: family details are never written to the log. Should a
 * future writer slip one in under a family key, the reader still leaves it out.
 */
function withoutFamily(detail: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(detail).filter(([key]) => !/^family/i.test(key)));
}

function check(actor: Pick<Actor, 'role'>, f: AuditFilter) {
  if (!canReadAuditLog(actor)) throw forbidden();
  checkCalendarDate('from', f.from);
  checkCalendarDate('to', f.to);
  if (f.from && f.to && f.from > f.to)
    throw invalid('to', '終了日は開始日以降にしてください', 'The end date must not be before the start date');
}

async function read(db: Db, f: AuditFilter, limit: number, offset: number): Promise<AuditLogEntry[]> {
  const rows = await db
    .select({ entry: auditLog, actorName: users.displayName, actorRole: users.role })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(auditWhere(f))
    .orderBy(...newestFirst)
    .limit(limit)
    .offset(offset);
  return rows.map(({ entry, actorName, actorRole }) => ({
    id: entry.id,
    at: entry.at.toISOString(),
    actor:
      entry.actorId && actorName !== null
        ? { id: entry.actorId, name: actorName, role: actorRole ?? '' }
        : null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    detail: withoutFamily(entry.detail),
    ip: entry.ip,
  }));
}

export async function listAuditLog(
  db: Db,
  actor: Pick<Actor, 'role'>,
  query: AuditLogQuery,
): Promise<AuditLogResponse> {
  const { page = 1, pageSize = 50, ...filter } = query;
  check(actor, filter);
  const [items, [total]] = await Promise.all([
    read(db, filter, pageSize, (page - 1) * pageSize),
    db.select({ n: count() }).from(auditLog).where(auditWhere(filter)),
  ]);
  return { items, total: total?.n ?? 0, page, pageSize };
}

const columns = [
  'id',
  'at',
  'actor_id',
  'actor_name',
  'actor_role',
  'action',
  'target_type',
  'target_id',
  'detail',
  'ip',
];

/** The filtered log as CSV text, UTF-8 with a BOM so that Excel reads the Japanese names. */
export async function auditLogCsv(
  db: Db,
  actor: Pick<Actor, 'role' | 'userId'>,
  filter: AuditFilter,
  ip: string | null,
): Promise<string> {
  check(actor, filter);
  const [total] = await db.select({ n: count() }).from(auditLog).where(auditWhere(filter));
  if ((total?.n ?? 0) > CSV_MAX_ROWS)
    throw new AppError('validation', undefined, {
      ja: `該当が${CSV_MAX_ROWS.toLocaleString('ja-JP')}件を超えています。期間を絞ってください。`,
      en: `More than ${CSV_MAX_ROWS.toLocaleString('en')} entries match. Narrow the date range.`,
    });
  const entries = await read(db, filter, CSV_MAX_ROWS, 0);
  // A copy of the log leaves the platform: that is itself recorded.
  await audit(db, {
    actorId: actor.userId,
    action: 'audit.exported',
    detail: { filter, rows: entries.length },
    ip,
  });
  return stringify(
    entries.map((e) => [
      e.id,
      e.at,
      e.actor?.id ?? '',
      e.actor?.name ?? '',
      e.actor?.role ?? '',
      e.action,
      e.targetType ?? '',
      e.targetId ?? '',
      JSON.stringify(e.detail),
      e.ip ?? '',
    ]),
    { header: true, columns, bom: true, record_delimiter: 'windows' },
  );
}

/** The actions recorded so far, for the page's filter. */
export async function listActions(db: Db, actor: Pick<Actor, 'role'>): Promise<string[]> {
  if (!canReadAuditLog(actor)) throw forbidden();
  const rows = await db
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .orderBy(asc(auditLog.action));
  return rows.map((r) => r.action);
}
