import { schema, type Db } from '@tsunagu/db';
import { setClosureDays } from './business-clock.ts';

/** How stale this process's copy of the closure days may be before a request reads them again. */
const MAX_AGE_MS = 30_000;

let loadedAt = Number.NEGATIVE_INFINITY;
let loading: Promise<void> | null = null;

async function load(db: Db): Promise<void> {
  const rows = await db.select({ date: schema.closureDays.date }).from(schema.closureDays);
  setClosureDays(rows.map((r) => r.date));
  loadedAt = Date.now();
}

/**
 * Brings the business clock's copy of the admins' closure days up to date before it is used.
 * Read on the request that needs it (never on a timer of its own): a day another process added
 * is seen here within MAX_AGE_MS, a day added by this process at once (see closureDaysChanged).
 */
export async function freshClosureDays(db: Db): Promise<void> {
  if (Date.now() - loadedAt < MAX_AGE_MS) return;
  loading ??= load(db).finally(() => (loading = null));
  await loading;
}

/** This process changed the closure days: the next use reads them again. */
export function closureDaysChanged(): void {
  loadedAt = Number.NEGATIVE_INFINITY;
}
