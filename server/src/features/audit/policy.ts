import type { Actor } from '../../types.ts';

/**
 * The audit log names who did what to whom across the platform: admins only. Centre staff
 * answer consultations and manage accounts but do not audit each other.
 */
export const canReadAuditLog = (actor: Pick<Actor, 'role'>) => actor.role === 'admin';
