import { managerRoles } from '@tsunagu/shared';
import type { Actor } from '../../types.ts';

/**
 * An import creates accounts and places them in organisations (it invites): the centre's
 * staff and admins only, as for invitations.
 */
export const canImport = (actor: Pick<Actor, 'role'>) => managerRoles.includes(actor.role);

/** A job's report names people: its creator and admins read it; anyone else learns nothing (404). */
export const canReadImportJob = (actor: Pick<Actor, 'userId' | 'role'>, job: { createdBy: string | null }) =>
  canImport(actor) && (job.createdBy === actor.userId || actor.role === 'admin');
