import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import type { Role, UserAdminView, UserPatchBody } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import { revokeAllSessions } from '../auth/repository.ts';
import type { Revocations } from '../auth/revocations.ts';
import { saveProfile, syncListing, type DirectoryContext } from '../directory/service.ts';
import type { Actor } from '../../types.ts';
import { containsPattern } from '../../lib/sql.ts';
import { userCan } from './policy.ts';

const { users } = schema;

const toView = (actor: Actor, u: typeof users.$inferSelect): UserAdminView => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role as Role,
  status: u.status as UserAdminView['status'],
  totpEnabled: u.totpEnabled,
  lockedUntil: u.lockedUntil && u.lockedUntil > new Date() ? u.lockedUntil.toISOString() : null,
  organizationId: u.organizationId,
  createdAt: u.createdAt.toISOString(),
  can: userCan(actor, u),
});

export async function listUsers(
  db: Db,
  actor: Actor,
  query: { q?: string; role?: string[]; status?: string[]; page?: number; pageSize?: number },
) {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const conditions: SQL[] = [];
  if (query.role?.length) conditions.push(inArray(users.role, query.role));
  if (query.status?.length) conditions.push(inArray(users.status, query.status));
  if (query.q?.trim())
    conditions.push(
      sql`(${users.email} || ' ' || ${users.displayName} || ' ' || ${users.displayKana}) ILIKE ${containsPattern(query.q.trim())}`,
    );
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(users)
      .where(where)
      .orderBy(desc(users.createdAt), users.id)
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { items: rows.map((u) => toView(actor, u)), total: total?.n ?? 0, page, pageSize };
}

/**
 * Role, status and organisation changes: each grants or removes access, so each is audited with
 * who, when, before and after. Admins change anything but their own account (no one locks
 * themselves out or grants themselves access); centre staff verify, disable or place in an
 * organisation coordinators and supporters only.
 */
export async function updateUser(
  ctx: DirectoryContext,
  actor: Actor,
  id: string,
  body: UserPatchBody,
  ip: string | null,
  revocations: Revocations,
) {
  const { db } = ctx;
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  if (!user) throw notFound();
  if (id === actor.userId)
    throw new AppError('forbidden', undefined, {
      ja: '自分自身の役割・状態・所属は変更できません。',
      en: 'You cannot change your own role, status or organisation.',
    });
  const can = userCan(actor, user);
  if (
    !Object.values(can).some(Boolean) ||
    (body.role !== undefined && !can.changeRole) ||
    (body.status !== undefined && !can.changeStatus) ||
    (body.organizationId !== undefined && !can.changeOrganization)
  )
    throw new AppError('forbidden', undefined, {
      ja: '役割の変更と職員アカウントの変更は管理者だけができます。',
      en: 'Only admins change roles or staff accounts.',
    });
  if (body.status === 'invited' && user.status !== 'invited')
    throw new AppError('validation', [
      { field: 'status', message: '招待中には戻せません / cannot go back to invited' },
    ]);
  if (
    body.organizationId &&
    !(
      await db
        .select({ id: schema.organizations.id })
        .from(schema.organizations)
        .where(eq(schema.organizations.id, body.organizationId))
    )[0]
  )
    throw invalid('organizationId', '所属機関が見つかりません', 'the organisation does not exist');
  const role = body.role ?? user.role;
  const status = body.status ?? user.status;
  // Loaded before the transaction: with one embedded connection, a read outside it would wait forever.
  if (body.organizationId !== undefined) await ctx.areas.areaOfMunicipality();
  await db.transaction(async (tx) => {
    // Decided against the role and status read above, in one statement: of two concurrent
    // changes, the second is refused rather than audited with a stale "before".
    const changed = await tx
      .update(users)
      .set({ role, status, updatedAt: new Date() })
      .where(and(eq(users.id, id), eq(users.role, user.role), eq(users.status, user.status)))
      .returning({ id: users.id });
    if (!changed.length)
      throw new AppError('conflict', undefined, {
        ja: 'この利用者は同時に変更されました。もう一度読み込んでください。',
        en: 'This user was changed at the same time. Reload and try again.',
      });
    if (role !== user.role)
      await audit(tx, {
        actorId: actor.userId,
        action: 'user.role_changed',
        targetType: 'user',
        targetId: id,
        detail: { from: user.role, to: role },
        ip,
      });
    if (status !== user.status)
      await audit(tx, {
        actorId: actor.userId,
        action: 'user.status_changed',
        targetType: 'user',
        targetId: id,
        detail: { from: user.status, to: status },
        ip,
      });
    // A disabled user or a changed role must not keep a token minted under the old rights.
    if (status === 'disabled' || role !== user.role)
      await revokeAllSessions(tx as unknown as Db, id, status === 'disabled' ? 'disabled' : 'role_changed');
    // The organisation goes through the profile writer: the directory entry follows, and it audits the change.
    if (body.organizationId !== undefined && body.organizationId !== user.organizationId)
      await saveProfile(
        { ...ctx, db: tx as unknown as Db },
        id,
        { organizationId: body.organizationId },
        { actorId: actor.userId, ip, via: 'user_patch' },
      );
    await syncListing(tx as unknown as Db, id, role, status);
  });
  // After the commit: their open sockets end now, in every server process.
  if (status === 'disabled' || role !== user.role)
    revocations.user(id, status === 'disabled' ? 'disabled' : 'role_changed');
  if (status === 'active' && user.status !== 'active')
    await ctx.events?.publish(db, 'account.activated', { userId: id });
  const [updated] = await db.select().from(users).where(eq(users.id, id));
  return toView(actor, updated!);
}
