import { asc, eq } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import type { ClosureDay, ClosureDayBody } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { checkCalendarDate } from '../../lib/calendar-date.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { closureDaysChanged } from '../consultations/closure-calendar.ts';
import { canEditSettings, closureDayCan } from './policy.ts';

const { closureDays } = schema;

/** The closure days an admin set, oldest first. */
export async function listClosureDays(db: Db) {
  return db.select().from(closureDays).orderBy(asc(closureDays.date));
}

type Editor = Pick<Actor, 'userId' | 'role'>;

export async function addClosureDay(
  db: Db,
  actor: Editor,
  body: ClosureDayBody,
  ip: string | null,
): Promise<ClosureDay> {
  if (!canEditSettings(actor)) throw forbidden();
  checkCalendarDate('date', body.date);
  // One statement decides between two admins adding the same day at once.
  const [row] = await db
    .insert(closureDays)
    .values({ date: body.date, note: body.note?.trim() ?? '', createdBy: actor.userId })
    .onConflictDoNothing()
    .returning();
  if (!row)
    throw new AppError('conflict', undefined, {
      ja: 'この日はすでに休業日です。',
      en: 'This day is already a closure day.',
    });
  await audit(db, {
    actorId: actor.userId,
    action: 'settings.closure_day_added',
    targetType: 'closure_day',
    targetId: row.date,
    detail: { note: row.note },
    ip,
  });
  closureDaysChanged();
  return {
    date: row.date,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
    can: closureDayCan(actor),
  };
}

export async function removeClosureDay(db: Db, actor: Editor, date: string, ip: string | null) {
  if (!canEditSettings(actor)) throw forbidden();
  checkCalendarDate('date', date);
  const [row] = await db.delete(closureDays).where(eq(closureDays.date, date)).returning();
  if (!row) throw notFound();
  await audit(db, {
    actorId: actor.userId,
    action: 'settings.closure_day_removed',
    targetType: 'closure_day',
    targetId: date,
    ip,
  });
  closureDaysChanged();
}
