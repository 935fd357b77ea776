import { and, eq, gt, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';

const { users, sessions, refreshTokens, invitations, passwordResets } = schema;

export const findUserByEmail = async (db: Db, email: string) =>
  (
    await db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
      .limit(1)
  )[0];

export const findUserById = async (db: Db, id: string) =>
  (await db.select().from(users).where(eq(users.id, id)).limit(1))[0];

/** One round trip per authenticated request: the user's current state and the session's. */
export async function findActorState(db: Db, userId: string, sessionId: string) {
  const rows = await db
    .select({
      role: users.role,
      status: users.status,
      tokenVersion: users.tokenVersion,
      totpEnabled: users.totpEnabled,
      organizationId: users.organizationId,
      revokedAt: sessions.revokedAt,
      expiresAt: sessions.expiresAt,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId)))
    .limit(1);
  return rows[0];
}

export const touchSession = (db: Db, sessionId: string) =>
  db.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, sessionId));

export async function createSession(db: Db, userId: string, expiresAt: Date, tokenHash: string) {
  return db.transaction(async (tx) => {
    const [session] = await tx.insert(sessions).values({ userId, expiresAt }).returning({ id: sessions.id });
    await tx.insert(refreshTokens).values({ sessionId: session!.id, tokenHash });
    return session!.id;
  });
}

export const findRefreshToken = async (db: Db, tokenHash: string) =>
  (
    await db
      .select({
        id: refreshTokens.id,
        rotatedAt: refreshTokens.rotatedAt,
        sessionId: sessions.id,
        userId: sessions.userId,
        revokedAt: sessions.revokedAt,
        expiresAt: sessions.expiresAt,
        lastSeenAt: sessions.lastSeenAt,
      })
      .from(refreshTokens)
      .innerJoin(sessions, eq(sessions.id, refreshTokens.sessionId))
      .where(eq(refreshTokens.tokenHash, tokenHash))
      .limit(1)
  )[0];

/** Rotates atomically: only one of two concurrent uses of a token wins. */
export async function rotateRefreshToken(db: Db, tokenId: string, sessionId: string, newHash: string) {
  return db.transaction(async (tx) => {
    const used = await tx
      .update(refreshTokens)
      .set({ rotatedAt: new Date() })
      .where(and(eq(refreshTokens.id, tokenId), isNull(refreshTokens.rotatedAt)))
      .returning({ id: refreshTokens.id });
    if (used.length === 0) return false;
    await tx.insert(refreshTokens).values({ sessionId, tokenHash: newHash });
    await tx.update(sessions).set({ lastSeenAt: new Date() }).where(eq(sessions.id, sessionId));
    return true;
  });
}

export const revokeSession = (db: Db, sessionId: string, reason: string) =>
  db
    .update(sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)));

/** Ends every session of a user and invalidates every access token already issued. */
export async function revokeAllSessions(db: Pick<Db, 'update'>, userId: string, reason: string) {
  await db
    .update(sessions)
    .set({ revokedAt: new Date(), revokedReason: reason })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
  await db
    .update(users)
    .set({ tokenVersion: sql`${users.tokenVersion} + 1`, updatedAt: new Date() })
    .where(eq(users.id, userId));
}

/**
 * Counts one failed sign-in in a single statement, so N concurrent failures count N. The count
 * that reaches `max` locks the account until `lockUntil` and starts again from 0.
 * Returns whether this failure locked the account.
 */
export async function recordLoginFailure(db: Db, userId: string, max: number, lockUntil: Date) {
  const next = sql`${users.failedLoginCount} + 1`;
  const rows = await db
    .update(users)
    .set({
      failedLoginCount: sql`CASE WHEN ${next} >= ${max} THEN 0 ELSE ${next} END`,
      lockedUntil: sql`CASE WHEN ${next} >= ${max} THEN ${lockUntil.toISOString()}::timestamptz ELSE ${users.lockedUntil} END`,
      updatedAt: new Date(),
    })
    .where(eq(users.id, userId))
    .returning({ count: users.failedLoginCount });
  return { locked: rows[0]?.count === 0 };
}

/** A successful sign-in clears the failures, unless a concurrent failure locked the account meanwhile. */
export async function clearLoginFailures(db: Db, userId: string, now: Date) {
  const rows = await db
    .update(users)
    .set({ failedLoginCount: 0, lockedUntil: null, updatedAt: new Date() })
    .where(and(eq(users.id, userId), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))))
    .returning({ id: users.id });
  return rows.length === 1;
}

/** Accepts a TOTP time step once: only a step later than the last accepted one wins. */
export async function consumeTotpStep(db: Db, userId: string, step: number) {
  const rows = await db
    .update(users)
    .set({ totpLastStep: step })
    .where(and(eq(users.id, userId), or(isNull(users.totpLastStep), lt(users.totpLastStep, step))))
    .returning({ id: users.id });
  return rows.length === 1;
}

/**
 * Turns TOTP on in one row update, only for the secret the code was checked against: a second
 * setup started meanwhile (a new secret) or a concurrent enable makes this one lose.
 */
export async function enableTotp(db: Db, userId: string, secret: string, step: number) {
  const rows = await db
    .update(users)
    .set({ totpEnabled: true, totpLastStep: step, updatedAt: new Date() })
    .where(and(eq(users.id, userId), eq(users.totpEnabled, false), eq(users.totpSecret, secret)))
    .returning({ id: users.id });
  return rows.length === 1;
}

/** Uses a reset token in one row update: of concurrent confirmations, only the first wins. */
export async function consumePasswordReset(db: Pick<Db, 'update'>, tokenHash: string, now: Date) {
  const rows = await db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(
      and(
        eq(passwordResets.tokenHash, tokenHash),
        isNull(passwordResets.usedAt),
        gt(passwordResets.expiresAt, now),
      ),
    )
    .returning({ id: passwordResets.id, userId: passwordResets.userId });
  return rows[0];
}

/** Every unused reset token of the user stops working (a newer request, or a completed reset). */
export const invalidatePasswordResets = (db: Pick<Db, 'update'>, userId: string, now: Date) =>
  db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));

/** Accepts an invitation in one row update: of concurrent acceptances, only the first wins. */
export async function consumeInvitation(db: Pick<Db, 'update'>, tokenHash: string, now: Date) {
  const rows = await db
    .update(invitations)
    .set({ acceptedAt: now })
    .where(
      and(
        eq(invitations.tokenHash, tokenHash),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .returning({ id: invitations.id, userId: invitations.userId });
  return rows[0];
}

export const updateUser = (db: Pick<Db, 'update'>, id: string, values: Partial<typeof users.$inferInsert>) =>
  db
    .update(users)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(users.id, id));

/**
 * Activates an invited account in one row update, only while it is still invited: an account
 * that an admin disabled meanwhile is not reactivated by an old invitation link.
 */
export async function activateInvitedUser(db: Pick<Db, 'update'>, id: string, passwordHash: string) {
  const rows = await db
    .update(users)
    .set({ passwordHash, status: 'active', updatedAt: new Date() })
    .where(and(eq(users.id, id), eq(users.status, 'invited')))
    .returning({ id: users.id });
  return rows.length > 0;
}

export const findInvitationByHash = async (db: Db, tokenHash: string) =>
  (
    await db
      .select()
      .from(invitations)
      .where(
        and(
          eq(invitations.tokenHash, tokenHash),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, new Date()),
        ),
      )
      .limit(1)
  )[0];

export const findPasswordResetByHash = async (db: Db, tokenHash: string) =>
  (
    await db
      .select()
      .from(passwordResets)
      .where(
        and(
          eq(passwordResets.tokenHash, tokenHash),
          isNull(passwordResets.usedAt),
          gt(passwordResets.expiresAt, new Date()),
        ),
      )
      .limit(1)
  )[0];
