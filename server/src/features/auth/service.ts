import type { FastifyBaseLogger } from 'fastify';
import { schema, type Db } from '@tsunagu/db';
import {
  rolesRequiringTotp,
  type LoginBody,
  type Me,
  type Role,
  type SessionResponse,
} from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/events.ts';
import { queueMail } from '../../lib/outbox.ts';
import { hashToken, newSecretToken, successorToken } from '../../lib/secret-token.ts';
import type { Actor } from '../../types.ts';
import { checkPassword } from './password-policy.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  LOCKOUT_MS,
  MAX_FAILED_LOGINS,
  PASSWORD_RESET_TTL_MS,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  SESSION_TOUCH_MS,
} from './policy.ts';
import * as repo from './repository.ts';
import type { Revocations } from './revocations.ts';
import type { AccessClaims } from '../../types.ts';
import { matchTotp, newTotpSecret, otpauthUrl } from './totp.ts';

export type { AccessClaims } from '../../types.ts';

export interface AuthContext {
  db: Db;
  ip: string | null;
  log: FastifyBaseLogger;
  publicUrl: string;
  logMail: boolean;
  signAccessToken: (claims: AccessClaims) => string;
  /** Ends the open sockets of revoked sessions (announced after the commit). */
  revocations: Revocations;
  /** Derives a rotated refresh token's successor. */
  tokenSecret: string;
  /** How long a just-rotated refresh token still yields its successor instead of counting as reuse. */
  refreshGraceMs: number;
  /** Where an account's activation is announced (messaging joins its channels). */
  events: EventBus;
}

type UserRow = typeof schema.users.$inferSelect;

const requiresTotp = (role: string) => rolesRequiringTotp.includes(role as Role);

export function toMe(user: UserRow): Me {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    displayKana: user.displayKana,
    role: user.role as Role,
    status: user.status as Me['status'],
    totpEnabled: user.totpEnabled,
    totpSetupRequired: requiresTotp(user.role) && !user.totpEnabled,
    organizationId: user.organizationId,
  };
}

async function openSession(ctx: AuthContext, user: UserRow) {
  const refresh = newSecretToken();
  const sessionId = await repo.createSession(
    ctx.db,
    user.id,
    new Date(Date.now() + SESSION_ABSOLUTE_MS),
    refresh.hash,
  );
  return { refreshToken: refresh.token, session: issue(ctx, user, sessionId) };
}

function issue(ctx: AuthContext, user: UserRow, sessionId: string): SessionResponse {
  return {
    accessToken: ctx.signAccessToken({ sub: user.id, sid: sessionId, tv: user.tokenVersion }),
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    user: toMe(user),
  };
}

async function recordFailure(ctx: AuthContext, user: UserRow, reason: string) {
  const { locked } = await repo.recordLoginFailure(
    ctx.db,
    user.id,
    MAX_FAILED_LOGINS,
    new Date(Date.now() + LOCKOUT_MS),
  );
  await audit(ctx.db, {
    actorId: user.id,
    action: 'auth.login_failed',
    targetType: 'user',
    targetId: user.id,
    detail: { reason },
    ip: ctx.ip,
  });
  if (locked)
    await audit(ctx.db, {
      actorId: user.id,
      action: 'auth.locked',
      targetType: 'user',
      targetId: user.id,
      detail: { minutes: LOCKOUT_MS / 60000 },
      ip: ctx.ip,
    });
}

async function refuseLocked(ctx: AuthContext, user: UserRow): Promise<never> {
  await audit(ctx.db, {
    actorId: user.id,
    action: 'auth.login_refused_locked',
    targetType: 'user',
    targetId: user.id,
    ip: ctx.ip,
  });
  throw new AppError('account_locked');
}

export async function login(ctx: AuthContext, body: LoginBody) {
  const user = await repo.findUserByEmail(ctx.db, body.email);
  if (!user || user.status === 'invited') {
    await verifyPassword(null, body.password);
    await audit(ctx.db, {
      action: 'auth.login_failed',
      detail: { email: body.email.toLowerCase(), reason: 'unknown_account' },
      ip: ctx.ip,
    });
    throw new AppError('invalid_credentials');
  }
  if (user.lockedUntil && user.lockedUntil > new Date()) await refuseLocked(ctx, user);
  if (!(await verifyPassword(user.passwordHash, body.password))) {
    await recordFailure(ctx, user, 'password');
    throw new AppError('invalid_credentials');
  }
  if (user.status === 'disabled') throw new AppError('account_disabled');
  if (user.totpEnabled) {
    if (!body.totp) throw new AppError('totp_required');
    const step = matchTotp(user.totpSecret!, body.totp);
    // The step is taken in one row update: the same code sent twice at once signs in once.
    if (step === null || !(await repo.consumeTotpStep(ctx.db, user.id, step))) {
      await recordFailure(ctx, user, 'totp');
      throw new AppError('totp_invalid');
    }
  }
  // Failures that finished while this password was being checked may have locked the account.
  if (!(await repo.clearLoginFailures(ctx.db, user.id, new Date()))) await refuseLocked(ctx, user);
  await audit(ctx.db, {
    actorId: user.id,
    action: 'auth.login',
    targetType: 'user',
    targetId: user.id,
    ip: ctx.ip,
  });
  return openSession(ctx, user);
}

/**
 * Exchanges a refresh token for a new pair; a token used twice revokes its whole family. Within
 * the grace window after a rotation, the same token yields the same successor (derived from it
 * with the server secret): two tabs that refresh at once both stay signed in.
 */
export async function refresh(ctx: AuthContext, token: string | undefined) {
  if (!token) throw new AppError('unauthenticated');
  const row = await repo.findRefreshToken(ctx.db, hashToken(token));
  if (!row) throw new AppError('session_expired');
  const now = Date.now();
  const inGrace = (rotatedAt: Date) => now - rotatedAt.getTime() < ctx.refreshGraceMs;
  if (row.rotatedAt && !inGrace(row.rotatedAt)) return refuseReuse(ctx, row);
  if (row.revokedAt || row.expiresAt.getTime() <= now || row.lastSeenAt.getTime() + SESSION_IDLE_MS <= now)
    throw new AppError('session_expired');
  const user = await repo.findUserById(ctx.db, row.userId);
  if (!user || user.status !== 'active') throw new AppError('session_expired');
  const next = successorToken(ctx.tokenSecret, token);
  const rotatedHere =
    !row.rotatedAt && (await repo.rotateRefreshToken(ctx.db, row.id, row.sessionId, next.hash));
  if (!rotatedHere) {
    // Rotated moments ago by a concurrent use of the same token (another tab): within the grace
    // window it stored this same successor, which this caller gets too.
    if (ctx.refreshGraceMs === 0) return refuseReuse(ctx, row);
    const successor = await repo.findRefreshToken(ctx.db, next.hash);
    if (successor?.sessionId !== row.sessionId) return refuseReuse(ctx, row);
  }
  return { refreshToken: next.token, session: issue(ctx, user, row.sessionId) };
}

async function refuseReuse(ctx: AuthContext, row: { userId: string; sessionId: string }): Promise<never> {
  await repo.revokeSession(ctx.db, row.sessionId, 'refresh_token_reuse');
  await audit(ctx.db, {
    actorId: row.userId,
    action: 'auth.refresh_reuse',
    targetType: 'session',
    targetId: row.sessionId,
    ip: ctx.ip,
  });
  ctx.revocations.session(row.sessionId, 'refresh_token_reuse');
  throw new AppError('session_expired');
}

/** Checks an access token's claims against the user's and the session's current state. */
export async function resolveActor(db: Db, claims: AccessClaims): Promise<Actor> {
  const state = await repo.findActorState(db, claims.sub, claims.sid);
  const now = Date.now();
  if (
    !state ||
    state.status !== 'active' ||
    state.tokenVersion !== claims.tv ||
    state.revokedAt ||
    state.expiresAt.getTime() <= now ||
    state.lastSeenAt.getTime() + SESSION_IDLE_MS <= now
  )
    throw new AppError('session_expired');
  if (state.lastSeenAt.getTime() + SESSION_TOUCH_MS <= now) await repo.touchSession(db, claims.sid);
  return {
    userId: claims.sub,
    sessionId: claims.sid,
    role: state.role as Role,
    organizationId: state.organizationId,
    totpSetupRequired: requiresTotp(state.role) && !state.totpEnabled,
  };
}

export async function logout(ctx: AuthContext, userId: string) {
  await repo.revokeAllSessions(ctx.db, userId, 'logout');
  await audit(ctx.db, {
    actorId: userId,
    action: 'auth.logout',
    targetType: 'user',
    targetId: userId,
    ip: ctx.ip,
  });
  ctx.revocations.user(userId, 'logout');
}

export async function me(db: Db, userId: string): Promise<Me> {
  const user = await repo.findUserById(db, userId);
  if (!user) throw new AppError('session_expired');
  return toMe(user);
}

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
  await queueMail(
    ctx.db,
    {
      to: user.email,
      subject: '【つなぐ】パスワード再設定のご案内 / Password reset',
      body: `${user.displayName} 様\n\n次のリンクから1時間以内に新しいパスワードを設定してください。\nSet a new password within one hour:\n${ctx.publicUrl}/reset-password/${token}\n\n心当たりがない場合はこのメールを破棄してください。`,
    },
    ctx.log,
    ctx.logMail,
  );
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
