import { schema, type Db } from '@tsunagu/db';
import { audit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { passwordResetMail } from '../mail/templates.ts';
import { hashToken, newSecretToken } from '../../lib/secret-token.ts';
import { requiresTotp, toMe, type AuthContext } from './context.ts';
import { checkPassword } from './password-policy.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { PASSWORD_RESET_TTL_MS } from './policy.ts';
import * as repo from './repository.ts';
import { matchTotp, newTotpSecret, otpauthUrl } from './totp.ts';

/** What proves who a user is, changed by the user: the second factor and the password. */
export async function startTotpSetup(ctx: AuthContext, userId: string) {
  const user = await repo.findUserById(ctx.db, userId);
  if (!user) throw new AppError('session_expired');
  if (user.totpEnabled)
    throw new AppError('conflict', undefined, {
      ja: '二段階認証はすでに設定されています。',
      en: 'Two-step verification is already set up.',
    });
  const secret = newTotpSecret();
  await repo.updateUser(ctx.db, userId, { totpSecret: secret });
  return { secret, otpauthUrl: otpauthUrl(secret, user.email) };
}

export async function enableTotp(ctx: AuthContext, userId: string, code: string) {
  const user = await repo.findUserById(ctx.db, userId);
  if (!user?.totpSecret || user.totpEnabled)
    throw new AppError('validation', undefined, {
      ja: '先に設定を開始してください。',
      en: 'Start the setup first.',
    });
  const step = matchTotp(user.totpSecret, code);
  if (step === null) throw new AppError('totp_invalid');
  if (!(await repo.enableTotp(ctx.db, userId, user.totpSecret, step)))
    throw new AppError('conflict', undefined, {
      ja: '設定が変わりました。もう一度設定を開始してください。',
      en: 'The setup changed meanwhile. Start the setup again.',
    });
  await audit(ctx.db, {
    actorId: userId,
    action: 'auth.totp_enabled',
    targetType: 'user',
    targetId: userId,
    ip: ctx.ip,
  });
  return toMe({ ...user, totpEnabled: true });
}

export async function changePassword(ctx: AuthContext, userId: string, current: string, next: string) {
  const user = await repo.findUserById(ctx.db, userId);
  if (!user || !(await verifyPassword(user.passwordHash, current)))
    throw new AppError('invalid_credentials', [
      { field: 'currentPassword', message: '現在のパスワードが違います / the current password is wrong' },
    ]);
  checkPassword(next, user.totpEnabled || requiresTotp(user.role), user.email);
  const passwordHash = await hashPassword(next);
  await ctx.db.transaction(async (tx) => {
    await repo.updateUser(tx as unknown as Db, userId, { passwordHash });
    await repo.revokeAllSessions(tx as unknown as Db, userId, 'password_changed');
    await audit(tx, {
      actorId: userId,
      action: 'auth.password_changed',
      targetType: 'user',
      targetId: userId,
      ip: ctx.ip,
    });
  });
  ctx.revocations.user(userId, 'password_changed');
}

/** Always answers the same, so the form does not reveal which addresses have accounts. */
export async function requestPasswordReset(ctx: AuthContext, email: string) {
  const user = await repo.findUserByEmail(ctx.db, email);
  await audit(ctx.db, {
    actorId: user?.id ?? null,
    action: 'auth.password_reset_requested',
    detail: { email: email.toLowerCase(), known: !!user },
    ip: ctx.ip,
  });
  if (!user || user.status !== 'active') return;
  const { token, hash } = newSecretToken();
  // Only the newest link works: the earlier ones of this user stop at once.
  await ctx.db.transaction(async (tx) => {
    await repo.invalidatePasswordResets(tx, user.id, new Date());
    await tx
      .insert(schema.passwordResets)
      .values({ userId: user.id, tokenHash: hash, expiresAt: new Date(Date.now() + PASSWORD_RESET_TTL_MS) });
  });
  await ctx.mail.queue(
    ctx.db,
    user.email,
    passwordResetMail({ name: user.displayName, url: `${ctx.publicUrl}/reset-password/${token}` }),
  );
  ctx.mail.wake();
}

export async function confirmPasswordReset(ctx: AuthContext, token: string, password: string) {
  const reset = await repo.findPasswordResetByHash(ctx.db, hashToken(token));
  if (!reset) throw new AppError('token_invalid');
  const user = await repo.findUserById(ctx.db, reset.userId);
  if (!user) throw new AppError('token_invalid');
  checkPassword(password, user.totpEnabled || requiresTotp(user.role), user.email);
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    // The token is taken in one row update: of concurrent confirmations only the first gets a row.
    const now = new Date();
    if (!(await repo.consumePasswordReset(tx, reset.tokenHash, now))) throw new AppError('token_invalid');
    await repo.invalidatePasswordResets(tx, user.id, now);
    await repo.updateUser(tx as unknown as Db, user.id, {
      passwordHash,
      failedLoginCount: 0,
      lockedUntil: null,
    });
    await repo.revokeAllSessions(tx as unknown as Db, user.id, 'password_reset');
    await audit(tx, {
      actorId: user.id,
      action: 'auth.password_reset',
      targetType: 'user',
      targetId: user.id,
      ip: ctx.ip,
    });
  });
  ctx.revocations.user(user.id, 'password_reset');
}
