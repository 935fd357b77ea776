import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { schema } from '@tsunagu/db';
import { audit } from '../../lib/audit.ts';
import { now, type ReferralContext } from './context.ts';
import * as repo from './repository.ts';
import { addYears, getRetention } from './settings.ts';
import { partiesOf } from './transitions.ts';

const { referrals: r, referralEvents: events, referralMessages: messages } = schema;

// ── The periodic job: unanswered referrals, and erasure after the retention period ──
export async function runReferralSweep(
  ctx: Pick<ReferralContext, 'db' | 'events' | 'now'>,
): Promise<{ flagged: number; erased: number }> {
  const at = now(ctx);
  let flagged = 0;
  const due = await ctx.db
    .select()
    .from(r)
    .where(and(eq(r.state, 'sent'), lte(r.responseDueAt, at), isNull(r.overdueFlaggedAt)));
  for (const row of due) {
    await ctx.events.transaction(ctx.db, async (tx) => {
      // Several server processes may run the job: only one flags a referral.
      const won = await tx
        .update(r)
        .set({ overdueFlaggedAt: at })
        .where(and(eq(r.id, row.id), isNull(r.overdueFlaggedAt), eq(r.state, 'sent')))
        .returning({ id: r.id });
      if (!won.length) return;
      flagged++;
      await tx.insert(events).values({
        referralId: row.id,
        actorId: null,
        kind: 'overdue',
        toValue: row.responseDueAt?.toISOString() ?? null,
        at,
      });
      const parties = await partiesOf(tx, row);
      await ctx.events.publish(tx, 'referral.overdue', {
        referralId: row.id,
        recipients: [...parties, ...(await repo.centreStaffIds(tx))],
      });
      await ctx.events.publish(tx, 'referral.changed', {
        referralId: row.id,
        actorId: null,
        viewers: parties,
      });
    });
  }

  const { years } = await getRetention(ctx.db);
  const cutoff = addYears(at, -years);
  const ended = await ctx.db
    .select({ id: r.id })
    .from(r)
    .where(and(lte(r.endedAt, cutoff), isNull(r.familyErasedAt)));
  const ids = ended.map((e) => e.id);
  for (let i = 0; i < ids.length; i += 200) {
    const chunk = ids.slice(i, i + 200);
    await ctx.db.transaction(async (tx) => {
      await tx
        .update(r)
        .set({ familyCiphertext: null, privateLabelCiphertext: null, familyErasedAt: at })
        .where(and(inArray(r.id, chunk), isNull(r.familyErasedAt)));
      await tx
        .update(messages)
        .set({ bodyCiphertext: null, erasedAt: at })
        .where(inArray(messages.referralId, chunk));
      await tx
        .insert(events)
        .values(chunk.map((referralId) => ({ referralId, actorId: null, kind: 'family_erased', at })));
      await audit(tx, {
        actorId: null,
        action: 'referral.family_erased',
        targetType: 'referral',
        detail: { referrals: chunk, retentionYears: years },
      });
    });
  }
  // Old row versions linger until vacuumed: reclaim them so the ciphertext is really gone.
  if (ids.length) await ctx.db.execute(sql.raw('VACUUM referrals, referral_messages')).catch(() => undefined);
  return { flagged, erased: ids.length };
}
