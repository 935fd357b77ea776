/** What the global setup hands to test files (through vitest's provide/inject). */
export type TestDatabaseTemplate =
  | { driver: 'postgres'; /** server URL (database `postgres`) */ url: string; template: string }
  | { driver: 'pglite'; /** a tar of the migrated PGlite data directory */ templateFile: string };

export const TEMPLATE_KEY = 'tsunaguTestDatabase';
export const TEMPLATE_DATABASE = 'tsunagu_template';

declare module 'vitest' {
  export interface ProvidedContext {
    tsunaguTestDatabase: TestDatabaseTemplate;
  }
}

/** `TEST_DB`: `pglite` (default) or `postgres`; anything else is a mistake worth stopping for. */
export function testDriver(value: string | undefined): 'pglite' | 'postgres' {
  const v = (value ?? '').trim().toLowerCase() || 'pglite';
  if (v !== 'pglite' && v !== 'postgres')
    throw new Error(`TEST_DB must be "pglite" or "postgres", got "${value}"`);
  return v;
}

/** The same URL with another database name. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
