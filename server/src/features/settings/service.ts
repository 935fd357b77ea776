import { eq } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import { defaultResponseTargets, type ResponseTargets, type SettingsOverview } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { forbidden } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { YEAR_END_CLOSURE } from '../consultations/business-clock.ts';
import { listClosureDays } from './closures.ts';
import { canEditSettings, closureDayCan, settingsCan } from './policy.ts';

const KEY = 'consultations.responseTargets';

/** First-response targets per priority (business time); defaults until the admin changes them. */
export async function getResponseTargets(db: Db): Promise<ResponseTargets> {
  const [row] = await db.select().from(schema.settings).where(eq(schema.settings.key, KEY));
  return (row?.value as ResponseTargets | undefined) ?? defaultResponseTargets;
}

export async function setResponseTargets(
  db: Db,
  actor: Pick<Actor, 'userId' | 'role'>,
  targets: ResponseTargets,
  ip: string | null,
) {
  if (!canEditSettings(actor)) throw forbidden();
  await db
    .insert(schema.settings)
    .values({ key: KEY, value: targets })
    .onConflictDoUpdate({ target: schema.settings.key, set: { value: targets, updatedAt: new Date() } });
  await audit(db, {
    actorId: actor.userId,
    action: 'settings.response_targets',
    detail: targets as unknown as Record<string, unknown>,
    ip,
  });
  return targets;
}

/** Everything the settings page shows, with what this caller may change. */
export async function getOverview(db: Db, actor: Pick<Actor, 'role'>): Promise<SettingsOverview> {
  const [responseTargets, days] = await Promise.all([getResponseTargets(db), listClosureDays(db)]);
  return {
    responseTargets,
    closureDays: days.map((d) => ({
      date: d.date,
      note: d.note,
      createdAt: d.createdAt.toISOString(),
      can: closureDayCan(actor),
    })),
    yearEndClosure: { ...YEAR_END_CLOSURE },
    can: settingsCan(actor),
  };
}
