import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import type { Notification } from '@tsunagu/shared';
import { notFound } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/events.ts';
import type { Actor } from '../../types.ts';
import { contextOf } from './context.ts';
import { notificationCan } from './policy.ts';

const { notifications } = schema;

export interface NewNotification {
  kind: string;
  title: string;
  titleEn: string;
  link: string;
  subjectType?: string;
  subjectId?: string;
  /** Who acted (shown with the notification); none for the clock's own reminders. */
  actorId?: string | null;
}

type Row = typeof notifications.$inferSelect;

/** Each notification with what it concerns and who acted (./context.ts); only its recipient sees it. */
async function withContext(db: Db, rows: Row[], viewer?: Pick<Actor, 'userId'>): Promise<Notification[]> {
  const context = await contextOf(db, rows);
  return rows.map((n) => ({
    ...toNotification(n),
    subject: context.get(n.id)?.subject ?? null,
    actorName: context.get(n.id)?.actorName ?? null,
    can: notificationCan(viewer ?? { userId: n.userId }, n),
  }));
}

const toNotification = (n: Row) => ({
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
        actorId: note.actorId ?? null,
      })),
    )
    .returning();
  const withWhat = await withContext(db, rows);
  for (const [i, row] of rows.entries())
    await events.publish(db, 'notification.created', { userId: row.userId, notification: withWhat[i]! });
}

export async function listNotifications(
  db: Db,
  actor: Pick<Actor, 'userId'>,
  query: { unread?: boolean; page?: number; pageSize?: number },
) {
  const { userId } = actor;
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
  return { items: await withContext(db, rows, actor), total: total?.n ?? 0, page, pageSize, unread };
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
