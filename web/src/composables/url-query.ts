import type { LocationQuery } from 'vue-router';

/** Reading filters back from a URL query: tolerant, anything unknown falls back to a default. */
export type QueryItem = LocationQuery[string] | undefined;

/** Every non-empty value of a key, without repeats. */
export function queryList(v: QueryItem): string[] {
  const items = Array.isArray(v) ? v : [v];
  return [...new Set(items.filter((x): x is string => typeof x === 'string' && x !== ''))];
}

/** The key's first value, or ''. */
export function queryOne(v: QueryItem): string {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' ? x : '';
}

/** A whole number from 1 to `max`, or `fallback`. */
export function queryPositiveInt(v: QueryItem, fallback: number, max: number): number {
  const n = Number.parseInt(queryOne(v), 10);
  return Number.isFinite(n) && n >= 1 ? Math.min(n, max) : fallback;
}

/** The page number of a list (1 when absent or nonsense). */
export function queryPage(v: QueryItem): number {
  return queryPositiveInt(v, 1, 10000);
}

/** The values that belong to `allowed`. */
export function onlyAllowed<T extends string>(values: readonly string[], allowed: readonly T[]): T[] {
  return values.filter((v): v is T => (allowed as readonly string[]).includes(v));
}

/** The key's value if it belongs to `allowed`, else `fallback`. */
export function queryOneOf<T extends string, D>(v: QueryItem, allowed: readonly T[], fallback: D): T | D {
  return onlyAllowed([queryOne(v)], allowed)[0] ?? fallback;
}
