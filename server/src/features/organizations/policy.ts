import { managerRoles } from '@tsunagu/shared';
import type { Actor } from '../../types.ts';

/**
 * Organisations are kept by the centre (and the operator): belonging to one grants access to its
 * referrals and resources, so no member edits or creates them.
 */
export const canCreateOrganization = (actor: Pick<Actor, 'role'>) => managerRoles.includes(actor.role);
export const canEditOrganization = (actor: Pick<Actor, 'role'>) => managerRoles.includes(actor.role);

export const organizationCan = (actor: Pick<Actor, 'role'>) => ({ edit: canEditOrganization(actor) });
