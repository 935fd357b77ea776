import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadRegionFile,
  migrateDatabase,
  openDatabase,
  seedDemo,
  type Database,
  type DemoAccount,
} from '@tsunagu/db';
import { defaultRegionFile, validateRegionFile, type RegionFile } from '@tsunagu/shared';
import { ConfigError, type Config } from './config.ts';
import { seedDemoConsultations } from './demo/consultations.ts';
import { seedDemoReferrals } from './demo/referrals.ts';

export function readRegionFile(path: string | undefined): RegionFile {
  if (!path) return defaultRegionFile;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new ConfigError(`REGION_FILE ${path} could not be read as JSON: ${(e as Error).message}`);
  }
  const problems = validateRegionFile(parsed);
  if (problems.length)
    throw new ConfigError(
      `REGION_FILE ${path} is not a valid prefecture file:\n  - ${problems.join('\n  - ')}`,
    );
  return parsed as RegionFile;
}

/** Opens the database, applies migrations, loads the prefecture's areas and seeds the demo once. */
export async function prepareDatabase(
  config: Config,
): Promise<{ database: Database; demoAccounts: DemoAccount[] }> {
  const region = readRegionFile(config.regionFile);
  const database = await openDatabase(
    config.databaseUrl
      ? { url: config.databaseUrl, poolSize: config.dbPoolSize }
      : {
          dataDir: join(config.dataDir, 'pglite'),
          socketDir: join(config.dataDir, 'run'),
          poolSize: config.dbPoolSize,
        },
  );
  await migrateDatabase(database);
  await loadRegionFile(database.db, region);
  const demoAccounts = config.seedDemo ? await seedDemo(database, region) : [];
  // The demo's consultations and case reports go through the domain services, like users' would.
  if (demoAccounts.length && region.areas.some((a) => a.code === '31-west')) {
    await seedDemoConsultations(database);
    await seedDemoReferrals(database, config.familyDataKey);
  }
  return { database, demoAccounts };
}
