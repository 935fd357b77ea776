/**
 * Test helpers shared by the db and server suites (import from `@tsunagu/db/testing`).
 * Pair with the globalSetup `@tsunagu/db/src/testing/global-setup.ts`.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openDatabase, type Database } from '../connection.ts';
import { TEMPLATE_KEY, withDatabase, type TestDatabaseTemplate } from './context.ts';

export {
  startPostgresServer,
  findPostgresBin,
  ensurePostgresInstalled,
  freePort,
  type PostgresServer,
} from './postgres-server.ts';
export { testDriver, withDatabase, TEMPLATE_DATABASE, type TestDatabaseTemplate } from './context.ts';

let pgliteTemplate: { file: string; bytes: Uint8Array } | undefined;

async function injectedTemplate(): Promise<TestDatabaseTemplate> {
  // Imported lazily so that this module can also be used outside a vitest run.
  const { inject } = await import('vitest');
  const template = inject(TEMPLATE_KEY);
  if (!template) {
    throw new Error(
      'createTestDatabase() needs the globalSetup "@tsunagu/db/src/testing/global-setup.ts" in this vitest project ' +
        '(test.globalSetup: ["../db/src/testing/global-setup.ts"]).',
    );
  }
  return template;
}

/**
 * A fresh, migrated database (Tottori's areas loaded) for one test file, from the template
 * the globalSetup prepared. `close()` releases it (and drops it on PostgreSQL).
 */
export async function createTestDatabase(options: { poolSize?: number } = {}): Promise<Database> {
  const template = await injectedTemplate();
  const poolSize = options.poolSize ?? 5;

  if (template.driver === 'pglite') {
    if (pgliteTemplate?.file !== template.templateFile) {
      pgliteTemplate = {
        file: template.templateFile,
        bytes: new Uint8Array(readFileSync(template.templateFile)),
      };
    }
    return openDatabase({ loadDataDir: pgliteTemplate.bytes, poolSize });
  }

  const name = `t_${randomBytes(6).toString('hex')}`;
  await adminQuery(template.url, `CREATE DATABASE ${name} TEMPLATE ${template.template}`);
  const database = await openDatabase({ url: withDatabase(template.url, name), poolSize });
  const closeDatabase = database.close;
  let closed = false;
  return {
    ...database,
    async close() {
      if (closed) return;
      closed = true;
      await closeDatabase();
      await adminQuery(template.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** One statement on a short-lived connection (CREATE/DROP DATABASE cannot run in a pool transaction). */
export async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
