/** The auth feature's services, by job: sessions, credentials, invitation links. */
export type { AccessClaims } from '../../types.ts';
export { toMe, type AuthContext } from './context.ts';
export * from './credentials.ts';
export * from './invitation-links.ts';
export * from './sessions.ts';
