import { type Db } from '@tsunagu/db';
import type { LoginBody, Me, Role, SessionResponse } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import { hashToken, newSecretToken, successorToken } from '../../lib/secret-token.ts';
import type { AccessClaims, Actor } from '../../types.ts';
import { requiresTotp, toMe, type AuthContext, type UserRow } from './context.ts';
import { verifyPassword } from './passwords.ts';
import {
  ACCESS_TOKEN_TTL_SECONDS,
  LOCKOUT_MS,
  MAX_FAILED_LOGINS,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  SESSION_TOUCH_MS,
} from './policy.ts';
import * as repo from './repository.ts';
import { matchTotp } from './totp.ts';

/** Signing in, the refresh cookie's rotation, the access token's checks, signing out. */
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
