// The platform's tables, one file per part of the domain (messaging's are in messaging-schema.ts).
export * from './schema/areas.ts';
export * from './schema/people.ts';
export * from './schema/auth.ts';
export * from './schema/platform.ts';
export * from './schema/consultations.ts';
export * from './schema/case-reports.ts';
export * from './schema/resources.ts';
export * from './schema/referrals.ts';
