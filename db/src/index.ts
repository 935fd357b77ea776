export * from './connection.ts';
export * from './migrate.ts';
export * as schema from './tables.ts';
export * from './areas.ts';
export * from './search-text.ts';
export * from './profile-projection.ts';
export * from './seed/demo.ts';
export { rng, type Rng } from './seed/random.ts';
