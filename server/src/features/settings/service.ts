import { eq } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import { defaultResponseTargets, type ResponseTargets } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';

const KEY = 'consultations.responseTargets';

/** First-response targets per priority (business time); defaults until the admin changes them. */
export async function getResponseTargets(db: Db): Promise<ResponseTargets> {
  const [row] = await db.select().from(schema.settings).where(eq(schema.settings.key, KEY));
  return (row?.value as ResponseTargets | undefined) ?? defaultResponseTargets;
}

export async function setResponseTargets(
  db: Db,
  actorId: string,
  targets: ResponseTargets,
  ip: string | null,
) {
  await db
    .insert(schema.settings)
    .values({ key: KEY, value: targets })
    .onConflictDoUpdate({ target: schema.settings.key, set: { value: targets, updatedAt: new Date() } });
  await audit(db, {
    actorId,
    action: 'settings.response_targets',
    detail: targets as unknown as Record<string, unknown>,
    ip,
  });
  return targets;
}
