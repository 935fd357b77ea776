import { and, desc, eq, gte, like, lt, type SQL } from 'drizzle-orm';
import { schema } from '@tsunagu/db';
import type { AuditLogQuery } from '@tsunagu/shared';

const { auditLog } = schema;

const HOUR = 3_600_000;
/** The instant a JST calendar day starts. */
const jstMidnight = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) - 9 * HOUR);

/** `LIKE` treats % and _ as wildcards: an action typed by a person matches literally. */
const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

export type AuditFilter = Omit<AuditLogQuery, 'page' | 'pageSize'>;

/** The WHERE of a filtered read; dates are JST days, both ends included. */
export function auditWhere(f: AuditFilter): SQL | undefined {
  const conditions: (SQL | undefined)[] = [
    f.actorId ? eq(auditLog.actorId, f.actorId) : undefined,
    // 'consultation.' (ending with a dot) matches every consultation action.
    f.action
      ? f.action.endsWith('.')
        ? like(auditLog.action, `${escapeLike(f.action)}%`)
        : eq(auditLog.action, f.action)
      : undefined,
    f.targetType ? eq(auditLog.targetType, f.targetType) : undefined,
    f.targetId ? eq(auditLog.targetId, f.targetId) : undefined,
    f.from ? gte(auditLog.at, jstMidnight(f.from)) : undefined,
    f.to ? lt(auditLog.at, new Date(+jstMidnight(f.to) + 24 * HOUR)) : undefined,
  ];
  const present = conditions.filter((c): c is SQL => !!c);
  return present.length ? and(...present) : undefined;
}

export const newestFirst = [desc(auditLog.at), desc(auditLog.id)];
