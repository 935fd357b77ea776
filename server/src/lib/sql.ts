import { sql, type SQL } from 'drizzle-orm';

/** A text[] literal of bound parameters, for `&&` / `@>` against code arrays. */
export const textArray = (values: readonly string[]): SQL =>
  sql`ARRAY[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

/** Escapes LIKE wildcards so a user's `%` or `_` is matched literally. */
export const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A `%text%` pattern for LIKE/ILIKE, wildcards in the text escaped. */
export const containsPattern = (s: string): string => `%${escapeLike(s)}%`;
