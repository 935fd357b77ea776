/**
 * Vitest globalSetup: prepares one migrated template database per project run, so that each
 * test file can get a fresh copy cheaply with `createTestDatabase()`.
 *
 * TEST_DB=postgres → a real PostgreSQL server with a `tsunagu_template` database;
 * TEST_DB=pglite (default) → a dumped in-memory PGlite (a tar file in a temp dir).
 * The driver is read from the project's `test.env.TEST_DB`, then from process.env.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { defaultRegionFile } from '@tsunagu/shared';
import { loadRegionFile } from '../areas.ts';
import { openDatabase, type Database } from '../connection.ts';
import { migrateDatabase } from '../migrate.ts';
import { adminQuery } from './index.ts';
import { TEMPLATE_DATABASE, TEMPLATE_KEY, testDriver, withDatabase } from './context.ts';
import { startPostgresServer } from './postgres-server.ts';

async function prepare(database: Database) {
  await migrateDatabase(database);
  await loadRegionFile(database.db, defaultRegionFile);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const driver = testDriver(project.config.env?.TEST_DB ?? process.env.TEST_DB);
  const started = performance.now();
  const label = `[${project.name || 'tests'}] ${driver} template`;

  if (driver === 'postgres') {
    const server = await startPostgresServer();
    try {
      await adminQuery(server.url, `CREATE DATABASE ${TEMPLATE_DATABASE}`);
      const template = await openDatabase({ url: withDatabase(server.url, TEMPLATE_DATABASE), poolSize: 2 });
      try {
        await prepare(template);
      } finally {
        await template.close();
      }
    } catch (error) {
      await server.stop();
      throw error;
    }
    project.provide(TEMPLATE_KEY, { driver, url: server.url, template: TEMPLATE_DATABASE });
    console.log(`${label} ready in ${Math.round(performance.now() - started)} ms (${server.url})`);
    return () => server.stop();
  }

  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-pglite-template-'));
  try {
    const database = await openDatabase({ poolSize: 2 });
    try {
      await prepare(database);
      const tar = await database.dump!();
      writeFileSync(join(dir, 'template.tar'), tar);
    } finally {
      await database.close();
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  project.provide(TEMPLATE_KEY, { driver, templateFile: join(dir, 'template.tar') });
  console.log(`${label} ready in ${Math.round(performance.now() - started)} ms`);
  return async () => rmSync(dir, { recursive: true, force: true });
}
