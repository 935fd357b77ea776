import type { CoordinatorCan, ProfilePart, Role } from '@tsunagu/shared';
import type { Actor } from '../../types.ts';

/**
 * The rules of the directory, in one place. Every signed-in role may search it and read an
 * entry; these say what else the caller may do with an entry and what they see of it.
 */

/** The entry's person, as far as the rules need them. */
export interface Listed {
  userId: string;
  /** The account's role and status (only an active coordinator receives referrals). */
  role: Role;
  status: string;
}

type Who = Pick<Actor, 'userId' | 'role'>;

/**
 * The contact line (e-mail, phone) serves those who work with families: coordinators,
 * supporters and the centre, and its owner. The operator's admins run accounts, not cases,
 * so they see the entry without it (data minimisation).
 */
export const canSeeContact = (actor: Who, entry: Pick<Listed, 'userId'>) =>
  actor.userId === entry.userId || actor.role !== 'admin';

/** Every signed-in role may message (see messaging/policy.ts); nobody messages themselves. */
export const canMessage = (actor: Who, entry: Pick<Listed, 'userId'>) => actor.userId !== entry.userId;

/**
 * Coordinators refer families (referrals/routes.ts); the recipient must be another, active
 * coordinator (referrals/service.ts checks it again when the referral is sent).
 */
export const canRefer = (actor: Who, entry: Listed) =>
  actor.role === 'coordinator' &&
  actor.userId !== entry.userId &&
  entry.role === 'coordinator' &&
  entry.status === 'active';

/** A profile is edited by its owner only; the organisation in it is granted by the centre. */
export const canEdit = (actor: Who, entry: Pick<Listed, 'userId'>) => actor.userId === entry.userId;

export const canOf = (actor: Who, entry: Listed): CoordinatorCan => ({
  message: canMessage(actor, entry),
  refer: canRefer(actor, entry),
  edit: canEdit(actor, entry),
});

/** What a profile must say before peers can find its owner by it. */
export interface ProfileFacts {
  qualifications: unknown[];
  municipalityCodes: string[];
  careTypes: string[];
  introduction: string;
  contact: string;
}

/**
 * The parts still to fill in, asked of those listed in the directory (coordinators). Care
 * types are asked for because the directory is searched by them (呼吸器, 経管栄養…).
 */
export function missingParts(role: Role, profile: ProfileFacts): ProfilePart[] {
  if (role !== 'coordinator') return [];
  const missing: ProfilePart[] = [];
  if (profile.qualifications.length === 0) missing.push('qualifications');
  if (profile.municipalityCodes.length === 0) missing.push('municipalities');
  if (profile.careTypes.length === 0) missing.push('careTypes');
  if (!profile.introduction.trim()) missing.push('introduction');
  if (!profile.contact.trim()) missing.push('contact');
  return missing;
}
