import { managerRoles } from '@tsunagu/shared';
import type { Actor } from '../../types.ts';

/** Centre staff (and the operator) curate every resource; others only their own organisation's. */
export function canEditResource(actor: Actor, organizationId: string): boolean {
  if (managerRoles.includes(actor.role)) return true;
  return (
    (actor.role === 'supporter' || actor.role === 'coordinator') && actor.organizationId === organizationId
  );
}

/** The resource list of a prefecture is imported by the centre only. */
export const canImportResources = (actor: Actor) => managerRoles.includes(actor.role);
