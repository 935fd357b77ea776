import Type, { type Static } from 'typebox';
import { Line, Obj, Timestamp } from './common.ts';

// ── Response targets (settings) ──
export const ResponseTargetSchema = Obj({
  unit: Type.Enum(['hours', 'days']),
  amount: Type.Integer({ minimum: 1, maximum: 60 }),
});
export const ResponseTargets = Obj({
  urgent: ResponseTargetSchema,
  high: ResponseTargetSchema,
  normal: ResponseTargetSchema,
  low: ResponseTargetSchema,
});
export type ResponseTargets = Static<typeof ResponseTargets>;
export const defaultResponseTargets: ResponseTargets = {
  urgent: { unit: 'hours', amount: 4 },
  high: { unit: 'days', amount: 1 },
  normal: { unit: 'days', amount: 3 },
  low: { unit: 'days', amount: 5 },
};

// ── Closure days (休業日): the business clock skips them ──
/** A calendar day in Asia/Tokyo, 'YYYY-MM-DD'. */
export const CalendarDate = Type.String({
  pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$',
  description: 'A day in Asia/Tokyo, YYYY-MM-DD',
});
export const ClosureDay = Type.Object({
  date: CalendarDate,
  note: Type.String(),
  createdAt: Timestamp,
  can: Type.Object({ remove: Type.Boolean() }),
});
export type ClosureDay = Static<typeof ClosureDay>;
export const ClosureDayBody = Obj({ date: CalendarDate, note: Type.Optional(Line(100)) });
export type ClosureDayBody = Static<typeof ClosureDayBody>;
export const ClosureDayParams = Obj({ date: CalendarDate });

/** What the settings page shows, with what the caller may change. */
export const SettingsOverview = Type.Object({
  responseTargets: ResponseTargets,
  closureDays: Type.Array(ClosureDay),
  /** The year-end/new-year closure every year (12/29–1/3), as month-day pairs. */
  yearEndClosure: Type.Object({ from: Type.String(), to: Type.String() }),
  can: Type.Object({ editResponseTargets: Type.Boolean(), editClosureDays: Type.Boolean() }),
});
export type SettingsOverview = Static<typeof SettingsOverview>;
