import { managerRoles, type Role } from '@tsunagu/shared';
import type { Actor } from '../../types.ts';

type Who = Pick<Actor, 'userId' | 'role'>;
interface Account {
  id: string;
  role: Role | string;
}

const isAdmin = (actor: Pick<Actor, 'role'>) => actor.role === 'admin';
const isManager = (role: Role | string) => managerRoles.includes(role as Role);
/** No one changes their own account here: no one locks themselves out or grants themselves access. */
const isSelf = (actor: Who, user: Account) => actor.userId === user.id;

/** Roles grant access: only admins change them, never their own. */
export const canChangeRole = (actor: Who, user: Account) => isAdmin(actor) && !isSelf(actor, user);

/**
 * Status (verify, disable) and organisation: admins for anyone else; centre staff for
 * coordinators and supporters only (staff accounts are the admins' to change).
 */
export const canChangeStatus = (actor: Who, user: Account) =>
  !isSelf(actor, user) && (isAdmin(actor) || (actor.role === 'center_staff' && !isManager(user.role)));

export const canChangeOrganization = canChangeStatus;

/** What the caller may change about a user: answered as `can` and enforced by the service. */
export const userCan = (actor: Who, user: Account) => ({
  changeRole: canChangeRole(actor, user),
  changeStatus: canChangeStatus(actor, user),
  changeOrganization: canChangeOrganization(actor, user),
});

/** Who may invite whom: centre staff invite anyone but admins; admins invite anyone. */
export const canInvite = (actor: Pick<Actor, 'role'>, role: Role | string) =>
  actor.role === 'admin' || (actor.role === 'center_staff' && role !== 'admin');

/** A pending invitation is revoked by those who could have sent it. */
export const canRevokeInvitation = (
  actor: Pick<Actor, 'role'>,
  invitation: { role: Role | string; acceptedAt: unknown; revokedAt?: unknown },
) => !invitation.acceptedAt && !invitation.revokedAt && canInvite(actor, invitation.role);

/** The outbox holds live links to set passwords, the audit log who did what: admins only. */
export const canReadOutbox = (actor: Pick<Actor, 'role'>) => isAdmin(actor);
export const canReadAudit = (actor: Pick<Actor, 'role'>) => isAdmin(actor);
