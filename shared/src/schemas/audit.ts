import Type, { type Static } from 'typebox';
import { Line, Nullable, Obj, Page, PageSize, Paged, Timestamp, Uuid } from './common.ts';
import { CalendarDate } from './settings.ts';

/** Filters of the audit log; dates are days in Asia/Tokyo, both ends included. */
export const AuditLogFilter = {
  actorId: Type.Optional(Uuid),
  /** An action, or the start of one ('consultation.' matches every consultation action). */
  action: Type.Optional(Line(60, 1)),
  targetType: Type.Optional(Line(60, 1)),
  targetId: Type.Optional(Line(100, 1)),
  from: Type.Optional(CalendarDate),
  to: Type.Optional(CalendarDate),
};
export const AuditLogQuery = Obj({
  ...AuditLogFilter,
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});
export type AuditLogQuery = Static<typeof AuditLogQuery>;
export const AuditLogCsvQuery = Obj(AuditLogFilter);

export const AuditLogEntry = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actor: Nullable(Type.Object({ id: Uuid, name: Type.String(), role: Type.String() })),
  action: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
  ip: Nullable(Type.String()),
});
export type AuditLogEntry = Static<typeof AuditLogEntry>;
export const AuditLogResponse = Paged(AuditLogEntry);
export type AuditLogResponse = Static<typeof AuditLogResponse>;
/** The actions recorded so far, for the filter's choices. */
export const AuditActionsResponse = Type.Object({ items: Type.Array(Type.String()) });
