export * from './vocabularies.ts';
export * from './regions.ts';
export * from './roles.ts';
export * from './errors.ts';
export * from './schemas/common.ts';
export * from './schemas/auth.ts';
export * from './schemas/directory.ts';
export * from './schemas/admin.ts';
