import { managerRoles } from '@tsunagu/shared';
import type { Actor } from '../../types.ts';

/** Coordinators and supporters ask; the centre's staff are placed in an organisation by an admin. */
export { organizationRequesterRoles as requesterRoles } from '@tsunagu/shared';

/** Belonging to an organisation is granted by the centre (and the operator), never claimed. */
export const canDecide = (actor: Pick<Actor, 'role'>) => managerRoles.includes(actor.role);

/** Only the person who asked may withdraw their own pending request. */
export const canCancel = (actor: Pick<Actor, 'userId'>, request: { userId: string; state: string }) =>
  request.userId === actor.userId && request.state === 'pending';
