// Every table of the database, for drizzle (queries and drizzle-kit) and for `@tsunagu/db/schema`.
// A barrel of its own, so that a schema file that references another's tables makes no import cycle.
export * from './schema.ts';
export * from './messaging-schema.ts';
