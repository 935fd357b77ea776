import { and, count, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import { managerRoles, type Role, type UserAdminView, type UserPatchBody } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { revokeAllSessions } from '../auth/repository.ts';
import type { Revocations } from '../auth/revocations.ts';
import { syncListing } from '../directory/service.ts';
import type { Actor } from '../../types.ts';
import { containsPattern } from '../../lib/sql.ts';

const { users } = schema;

const toView = (u: typeof users.$inferSelect): UserAdminView => ({
  id: u.id,
  email: u.email,
  displayName: u.displayName,
  role: u.role as Role,
  status: u.status as UserAdminView['status'],
  totpEnabled: u.totpEnabled,
  lockedUntil: u.lockedUntil && u.lockedUntil > new Date() ? u.lockedUntil.toISOString() : null,
  createdAt: u.createdAt.toISOString(),
});

export async function listUsers(db: Db, query: { q?: string; role?: string[]; status?: string[]; page?: number; pageSize?: number }) {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const conditions: SQL[] = [];
  if (query.role?.length) conditions.push(inArray(users.role, query.role));
  if (query.status?.length) conditions.push(inArray(users.status, query.status));
  if (query.q?.trim()) conditions.push(sql`(${users.email} || ' ' || ${users.displayName} || ' ' || ${users.displayKana}) ILIKE ${containsPattern(query.q.trim())}`);
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [total]] = await Promise.all([
    db.select().from(users).where(where).orderBy(desc(users.createdAt), users.id).limit(pageSize).offset((page - 1) * pageSize),
    db.select({ n: count() }).from(users).where(where),
  ]);
  return { items: rows.map(toView), total: total?.n ?? 0, page, pageSize };
}

/**
 * Role and status changes. Admins change anything but their own account (no one locks
 * themselves out); centre staff verify or disable coordinators and supporters only.
 */
export async function updateUser(db: Db, actor: Actor, id: string, body: UserPatchBody, ip: string | null, revocations: Revocations) {
  const [user] = await db.select().from(users).where(eq(users.id, id)).limit(1);
  if (!user) throw notFound();
  if (id === actor.userId) throw new AppError('forbidden', undefined, { ja: '自分自身の役割や状態は変更できません。', en: 'You cannot change your own role or status.' });
  if (actor.role !== 'admin') {
    if (body.role !== undefined || managerRoles.includes(user.role as Role))
      throw new AppError('forbidden', undefined, { ja: '役割の変更と職員アカウントの変更は管理者だけができます。', en: 'Only admins change roles or staff accounts.' });
  }
  if (body.status === 'invited' && user.status !== 'invited')
    throw new AppError('validation', [{ field: 'status', message: '招待中には戻せません / cannot go back to invited' }]);
  const role = body.role ?? user.role;
  const status = body.status ?? user.status;
  await db.transaction(async (tx) => {
    await tx.update(users).set({ role, status, updatedAt: new Date() }).where(eq(users.id, id));
    if (role !== user.role) await audit(tx, { actorId: actor.userId, action: 'user.role_changed', targetType: 'user', targetId: id, detail: { from: user.role, to: role }, ip });
    if (status !== user.status) await audit(tx, { actorId: actor.userId, action: 'user.status_changed', targetType: 'user', targetId: id, detail: { from: user.status, to: status }, ip });
    // A disabled user or a changed role must not keep a token minted under the old rights.
    if (status === 'disabled' || role !== user.role) await revokeAllSessions(tx as unknown as Db, id, status === 'disabled' ? 'disabled' : 'role_changed');
    await syncListing(tx as unknown as Db, id, role, status);
  });
  // After the commit: their open sockets end now, in every server process.
  if (status === 'disabled' || role !== user.role) revocations.user(id, status === 'disabled' ? 'disabled' : 'role_changed');
  const [updated] = await db.select().from(users).where(eq(users.id, id));
  return toView(updated!);
}
