import { managerRoles, type ResourceCan } from '@tsunagu/shared';
import type { Actor } from '../../types.ts';

type ActorLike = Pick<Actor, 'role' | 'organizationId'>;
/** What the rules look at: whose resource it is and whether it has closed. */
export interface ResourceLike {
  organizationId: string;
  archivedAt: Date | null;
}

/** Centre staff (and the operator) curate every resource; others only their own organisation's. */
export function isCurator(actor: ActorLike, organizationId: string): boolean {
  if (managerRoles.includes(actor.role)) return true;
  return (
    (actor.role === 'supporter' || actor.role === 'coordinator') && actor.organizationId === organizationId
  );
}

/** Adding a resource for an organisation: the same people who curate its resources. */
export const canCreateFor = isCurator;

/** The resource list of a prefecture is imported by the centre only. */
export const canImportResources = (actor: Pick<Actor, 'role'>) => managerRoles.includes(actor.role);

/** Everything the caller may do with one resource; the service enforces the same answers. */
export function resourceCan(actor: ActorLike | null, resource: ResourceLike): ResourceCan {
  const curator = !!actor && isCurator(actor, resource.organizationId);
  const open = resource.archivedAt === null;
  return {
    // A closed resource is not kept up to date: reopen it first.
    edit: curator && open,
    confirm: curator && open,
    archive: curator && open,
    unarchive: curator && !open,
    // Only coordinators send referrals (the rule of POST /api/referrals), and never to a closed service.
    refer: actor?.role === 'coordinator' && open,
    history: curator,
  };
}
