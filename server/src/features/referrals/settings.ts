import { eq } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import { DEFAULT_FAMILY_RETENTION_YEARS, type RetentionSetting } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';

const KEY = 'referrals.familyRetention';

/** How long a family's details are kept after a referral ends (APPI record-keeping: 3 years by default). */
export async function getRetention(db: Db): Promise<RetentionSetting> {
  const [row] = await db.select().from(schema.settings).where(eq(schema.settings.key, KEY));
  const years = (row?.value as RetentionSetting | undefined)?.years;
  return { years: typeof years === 'number' && years >= 1 ? years : DEFAULT_FAMILY_RETENTION_YEARS };
}

export async function setRetention(
  db: Db,
  actorId: string,
  value: RetentionSetting,
  ip: string | null,
): Promise<RetentionSetting> {
  await db
    .insert(schema.settings)
    .values({ key: KEY, value })
    .onConflictDoUpdate({ target: schema.settings.key, set: { value, updatedAt: new Date() } });
  await audit(db, { actorId, action: 'settings.referral_retention', detail: { years: value.years }, ip });
  return value;
}

/** The instant a retention period of `years` ends, counted from `from` (calendar years). */
export function addYears(from: Date, years: number): Date {
  const d = new Date(from);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return d;
}
