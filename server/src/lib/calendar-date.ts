import { invalid } from './errors.ts';

/** Refuses a 'YYYY-MM-DD' that names no real day (the schemas' pattern lets 02-31 through). */
export function checkCalendarDate(field: string, date: string | undefined): void {
  if (date === undefined) return;
  const d = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(+d) || d.toISOString().slice(0, 10) !== date)
    throw invalid(field, '存在しない日付です', 'This day does not exist');
}
