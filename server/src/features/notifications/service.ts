import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import type { Notification } from '@tsunagu/shared';
import { notFound } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/events.ts';

const { notifications } = schema;

export interface NewNotification {
  kind: string;
  title: string;
  titleEn: string;
  link: string;
  subjectType?: string;
  subjectId?: string;
}

const toNotification = (n: typeof notifications.$inferSelect): Notification => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  titleEn: n.titleEn,
  link: n.link,
  readAt: n.readAt?.toISOString() ?? null,
  createdAt: n.createdAt.toISOString(),
});

/** Stores one notification per recipient, in the caller's transaction; each is pushed after the commit. */
export async function store(
  db: Db,
  events: EventBus,
  userIds: Iterable<string>,
  note: NewNotification,
): Promise<void> {
  const recipients = [...new Set(userIds)];
  if (recipients.length === 0) return;
  const rows = await db
    .insert(notifications)
    .values(
      recipients.map((userId) => ({
        userId,
        ...note,
        subjectType: note.subjectType ?? null,
        subjectId: note.subjectId ?? null,
      })),
    )
    .returning();
  for (const row of rows)
    await events.publish(db, 'notification.created', {
      userId: row.userId,
      notification: toNotification(row),
    });
}

export async function listNotifications(
  db: Db,
  userId: string,
  query: { unread?: boolean; page?: number; pageSize?: number },
) {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const where = query.unread
    ? and(eq(notifications.userId, userId), isNull(notifications.readAt))
    : eq(notifications.userId, userId);
  const [rows, [total], unread] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(notifications).where(where),
    unreadCount(db, userId),
  ]);
  return { items: rows.map(toNotification), total: total?.n ?? 0, page, pageSize, unread };
}

export async function unreadCount(db: Db, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(notifications)
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row?.n ?? 0;
}

export async function markRead(db: Db, userId: string, id: string) {
  const [row] = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)));
  if (!row) throw notFound();
  if (!row.readAt) await db.update(notifications).set({ readAt: new Date() }).where(eq(notifications.id, id));
}

export async function markAllRead(db: Db, userId: string, ids?: string[]) {
  const where = ids?.length
    ? and(eq(notifications.userId, userId), isNull(notifications.readAt), inArray(notifications.id, ids))
    : and(eq(notifications.userId, userId), isNull(notifications.readAt));
  await db.update(notifications).set({ readAt: new Date() }).where(where);
}
