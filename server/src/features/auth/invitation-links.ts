import type { Db } from '@tsunagu/db';
import type { Role } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { hashToken } from '../../lib/secret-token.ts';
import { requiresTotp, type AuthContext } from './context.ts';
import { checkPassword } from './password-policy.ts';
import { hashPassword } from './passwords.ts';
import * as repo from './repository.ts';

/** The invitation link: what it is for, and setting the first password from it. */
export async function previewInvitation(db: Db, token: string) {
  const invitation = await repo.findInvitationByHash(db, hashToken(token));
  if (!invitation) throw new AppError('token_invalid');
  return {
    email: invitation.email,
    displayName: invitation.displayName,
    role: invitation.role as Role,
    totpRequired: requiresTotp(invitation.role),
  };
}

export async function acceptInvitation(ctx: AuthContext, token: string, password: string) {
  const invitation = await repo.findInvitationByHash(ctx.db, hashToken(token));
  if (!invitation) throw new AppError('token_invalid');
  checkPassword(password, requiresTotp(invitation.role), invitation.email);
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    // One row update: of concurrent acceptances of one link only the first gets a row.
    if (!(await repo.consumeInvitation(tx, invitation.tokenHash, new Date())))
      throw new AppError('token_invalid');
    // Only an account still invited: one disabled meanwhile stays disabled (and the link unused).
    if (!(await repo.activateInvitedUser(tx, invitation.userId, passwordHash)))
      throw new AppError('token_invalid');
    await audit(tx, {
      actorId: invitation.userId,
      action: 'invitation.accepted',
      targetType: 'invitation',
      targetId: invitation.id,
      ip: ctx.ip,
    });
    await audit(tx, {
      actorId: invitation.userId,
      action: 'user.status_changed',
      targetType: 'user',
      targetId: invitation.userId,
      detail: { from: 'invited', to: 'active', via: 'invitation' },
      ip: ctx.ip,
    });
  });
  await ctx.events.publish(ctx.db, 'account.activated', { userId: invitation.userId });
}
