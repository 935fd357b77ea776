import holidayJp from '@holiday-jp/holiday_jp';

/**
 * The centre's business clock: weekdays that are not Japanese national holidays, the
 * year-end/new-year closure (12/29–1/3) or a closure day set by an admin, 9:00–17:00
 * Asia/Tokyo. Response targets count only business time.
 */
export const OPEN_HOUR = 9;
export const CLOSE_HOUR = 17;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const JST = 9 * HOUR;

const holidays = new Set(Object.keys(holidayJp.holidays));

/** The year-end/new-year closure, every year: 12月29日 to 1月3日 (month-day, both ends included). */
export const YEAR_END_CLOSURE = { from: '12-29', to: '01-03' } as const;
const inYearEndClosure = (monthDay: string) =>
  monthDay >= YEAR_END_CLOSURE.from || monthDay <= YEAR_END_CLOSURE.to;

/**
 * Closure days set by admins ('YYYY-MM-DD'). The clock is synchronous, so its source
 * (features/settings/closures.ts) keeps this copy of the table current.
 */
let closureDays: ReadonlySet<string> = new Set();
export function setClosureDays(days: Iterable<string>): void {
  closureDays = new Set(days);
}

export interface ResponseTarget {
  unit: 'hours' | 'days';
  amount: number;
}

/** JST calendar day of an instant, as 'YYYY-MM-DD', and the instant of that day's midnight. */
function jstDay(t: number): { key: string; midnight: number; weekday: number } {
  const wall = new Date(t + JST);
  const midnight = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate()) - JST;
  return { key: wall.toISOString().slice(0, 10), midnight, weekday: wall.getUTCDay() };
}

export function isBusinessDay(t: number | Date): boolean {
  const { key, weekday } = jstDay(+t);
  return (
    weekday !== 0 &&
    weekday !== 6 &&
    !holidays.has(key) &&
    !inYearEndClosure(key.slice(5)) &&
    !closureDays.has(key)
  );
}

/** The first business instant at or after t. */
export function nextBusinessInstant(t: number): number {
  for (let i = 0; i < 400; i++) {
    const { midnight } = jstDay(t);
    const open = midnight + OPEN_HOUR * HOUR;
    const close = midnight + CLOSE_HOUR * HOUR;
    if (isBusinessDay(t)) {
      if (t < open) return open;
      if (t < close) return t;
    }
    t = midnight + DAY + OPEN_HOUR * HOUR;
  }
  throw new Error('no business day within 400 days');
}

/** Adds business hours (consumed within opening hours) or business days (same time of day). */
export function addBusinessTime(start: Date, target: ResponseTarget): Date {
  let t = nextBusinessInstant(+start);
  if (target.unit === 'days') {
    const timeOfDay = t - jstDay(t).midnight;
    let day = jstDay(t).midnight;
    for (let left = target.amount; left > 0;) {
      day += DAY;
      if (isBusinessDay(day + OPEN_HOUR * HOUR)) left--;
    }
    return new Date(day + timeOfDay);
  }
  let remaining = target.amount * HOUR;
  while (remaining > 0) {
    const close = jstDay(t).midnight + CLOSE_HOUR * HOUR;
    const step = Math.min(remaining, close - t);
    remaining -= step;
    t += step;
    if (remaining > 0) t = nextBusinessInstant(t);
  }
  return new Date(t);
}

/** Business time from a to b in ms (negative when b is before a): the time left to a target. */
export function businessMsBetween(a: Date, b: Date): number {
  if (+b < +a) return -businessMsBetween(b, a);
  let total = 0;
  let t = nextBusinessInstant(+a);
  while (t < +b) {
    const close = jstDay(t).midnight + CLOSE_HOUR * HOUR;
    total += Math.min(close, +b) - t;
    t = nextBusinessInstant(close);
  }
  return total;
}
