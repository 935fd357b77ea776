import closeWithGrace from 'close-with-grace';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET } from '@tsunagu/db';
import { buildApp } from './app.ts';
import { prepareDatabase } from './bootstrap.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}

const { database, demoAccounts } = await prepareDatabase(config);
const app = await buildApp({ config, database });

closeWithGrace({ delay: 10_000 }, async ({ err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  await app.close();
  await database.close();
});

await app.listen({ port: config.port, host: config.host });

const where = config.databaseUrl
  ? 'PostgreSQL (DATABASE_URL)'
  : `embedded PGlite in ${config.dataDir}/pglite`;
console.log(`\nTsunagu is running on ${config.publicUrl} — database: ${where}`);
if (config.seedDemo) {
  console.log(`\nDemo accounts (demo only; password ${DEMO_PASSWORD}):`);
  console.log('  coordinator@example.jp, coordinator2@example.jp … coordinator80@example.jp (coordinators)');
  console.log('  supporter@example.jp (supporter)');
  console.log(
    `  center@example.jp (centre staff) and admin@example.jp (admin): TOTP secret ${DEMO_TOTP_SECRET}`,
  );
  if (demoAccounts.length) console.log('  (the demo was seeded on this start)');
}
