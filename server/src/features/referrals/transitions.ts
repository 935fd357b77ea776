import { and, eq } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import {
  gapDeclineReasons,
  type CancelBody,
  type CompleteBody,
  type DeclineBody,
  type FamilyDetails,
  type ReferralDetail,
  type ReferralState,
} from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError, invalid } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { addBusinessTime } from '../consultations/business-clock.ts';
import { freshClosureDays } from '../consultations/closure-calendar.ts';
import { now, RESPONSE_TARGET, visible, type ReferralContext } from './context.ts';
import { openJson } from './crypto.ts';
import { categoriesOf } from './family.ts';
import * as policy from './policy.ts';
import { getReferral } from './reading.ts';
import { consentCovers, recipientIdOf } from './recipient.ts';
import * as repo from './repository.ts';

const { referrals: r, referralEvents: events, referralDeclines: declines, resources } = schema;

const stateLabels: Record<ReferralState, [string, string]> = {
  draft: ['下書き', 'draft'],
  sent: ['送信済み', 'sent'],
  accepted: ['受け入れ', 'accepted'],
  declined: ['辞退', 'declined'],
  completed: ['完了', 'completed'],
  cancelled: ['取り下げ', 'cancelled'],
};

/** Everyone on either side (the sender and the receiving side's users). */
export async function partiesOf(db: Db, row: repo.ReferralRow) {
  return [row.senderId, ...(await repo.recipientUserIds(db, row))];
}

type TransitionBody = {
  send: Record<string, never>;
  accept: Record<string, never>;
  decline: DeclineBody;
  complete: CompleteBody;
  cancel: CancelBody;
};

export async function transition<T extends policy.Transition>(
  ctx: ReferralContext,
  actor: Actor,
  id: string,
  kind: T,
  body: TransitionBody[T],
): Promise<ReferralDetail> {
  await freshClosureDays(ctx.db);
  const { row, relation } = await visible(ctx, actor, id);
  const rule = policy.transitions[kind];
  if (!(rule.by as readonly string[]).includes(relation))
    throw new AppError('forbidden', undefined, {
      ja:
        relation === 'centre'
          ? 'センターは紹介の状態を変えられません。'
          : rule.by.length === 1 && rule.by[0] === 'sender'
            ? 'この操作は紹介した人だけができます。'
            : 'この操作は紹介先だけができます。',
      en:
        relation === 'centre'
          ? 'The centre does not change referrals.'
          : rule.by.length === 1 && rule.by[0] === 'sender'
            ? 'Only the sender can do this.'
            : 'Only the recipient can do this.',
    });
  const from = row.state as ReferralState;
  if (!(rule.from as readonly string[]).includes(from))
    throw new AppError('invalid_transition', [{ field: 'state', message: `${from} → ${rule.to}` }], {
      ja: `「${stateLabels[from][0]}」の紹介は「${stateLabels[rule.to][0]}」にできません。`,
      en: `A referral that is ${stateLabels[from][1]} cannot become ${stateLabels[rule.to][1]}.`,
    });
  const at = now(ctx);
  const set: Partial<typeof r.$inferInsert> = { state: rule.to, updatedAt: at };
  if (kind === 'send') {
    const missing: [string, string, string][] = [];
    if (!recipientIdOf(row)) missing.push(['resourceId', '紹介先', 'recipient']);
    if (!row.need.trim()) missing.push(['need', '支援の必要（紹介の内容）', 'need']);
    if (!row.familyCiphertext) missing.push(['family', 'ご家族の情報（氏名・連絡先）', "family's details"]);
    if (missing.length)
      throw new AppError(
        'validation',
        missing.map(([field, ja, en]) => ({ field, message: `${ja}を入力してください / enter the ${en}` })),
        {
          ja: `送るには次の項目が必要です: ${missing.map((m) => m[1]).join('、')}`,
          en: `To send, fill in: ${missing.map((m) => m[2]).join(', ')}`,
        },
      );
    if (!row.consentRecordedAt)
      throw new AppError('consent_required', [
        { field: 'consent', message: '同意が記録されていません / no consent recorded' },
      ]);
    if (!consentCovers(row))
      throw new AppError('consent_mismatch', [
        {
          field: 'consent',
          message: '同意の対象が紹介先と一致しません / the consent does not cover this recipient',
        },
      ]);
    if (row.resourceId && !(await repo.recipientUserIds(ctx.db, row)).length)
      throw new AppError('recipient_unavailable');
    const family = openJson<Required<FamilyDetails>>(ctx.key, row.familyCiphertext!, id);
    Object.assign(set, {
      sentAt: at,
      responseDueAt: addBusinessTime(at, RESPONSE_TARGET),
      overdueFlaggedAt: null,
      providedCategories: categoriesOf(family, row),
    });
  } else if (kind === 'accept') set.acceptedAt = at;
  else if (kind === 'decline') {
    const b = body as DeclineBody;
    if (b.reason === 'other' && !b.text?.trim())
      throw invalid('text', '「その他」の場合は理由を書いてください', 'with "other", write the reason');
    Object.assign(set, { declinedAt: at, declineReason: b.reason, declineText: b.text ?? '', endedAt: at });
  } else if (kind === 'complete') {
    const b = body as CompleteBody;
    if (b.outcome === 'other' && !b.text?.trim())
      throw invalid('text', '「その他」の場合は結果を書いてください', 'with "other", describe the outcome');
    Object.assign(set, { completedAt: at, outcome: b.outcome, outcomeText: b.text ?? '', endedAt: at });
  } else if (kind === 'cancel')
    Object.assign(set, { cancelledAt: at, cancelText: (body as CancelBody).text ?? '', endedAt: at });

  await ctx.events.transaction(ctx.db, async (tx) => {
    // The state is checked again in the update: two people answering at once cannot both win.
    const updated = await tx
      .update(r)
      .set(set)
      .where(and(eq(r.id, id), eq(r.state, from)))
      .returning({ id: r.id });
    if (!updated.length)
      throw new AppError('invalid_transition', undefined, {
        ja: 'ほかの人が先に状態を変えました。画面を更新してください。',
        en: 'Someone else changed the state first. Reload.',
      });
    await tx.insert(events).values({
      referralId: id,
      actorId: actor.userId,
      kind: 'state',
      fromValue: from,
      toValue: rule.to,
      at,
    });
    if (kind === 'decline') {
      const b = body as DeclineBody;
      await tx
        .insert(events)
        .values({ referralId: id, actorId: actor.userId, kind: 'decline_reason', toValue: b.reason, at });
      if (gapDeclineReasons.includes(b.reason)) {
        const [resource] = row.resourceId
          ? await tx.select().from(resources).where(eq(resources.id, row.resourceId))
          : [];
        await tx.insert(declines).values({
          referralId: id,
          resourceId: row.resourceId,
          areaCode: row.areaCode ?? resource?.areaCodes[0] ?? null,
          careTypes: row.careTypes,
          serviceType: resource?.serviceType ?? null,
          reason: b.reason,
          at,
        });
      }
    }
    if (kind === 'complete')
      await tx.insert(events).values({
        referralId: id,
        actorId: actor.userId,
        kind: 'outcome',
        toValue: (body as CompleteBody).outcome,
        at,
      });
    if (kind === 'send')
      // Sending is the provision of personal data to a third party (APPI): it is recorded as such.
      await audit(tx, {
        actorId: actor.userId,
        action: 'referral.sent',
        targetType: 'referral',
        targetId: id,
        detail: {
          recipientType: row.recipientType,
          recipientId: recipientIdOf(row),
          consentDate: row.consentDate,
          consentMethod: row.consentMethod,
        },
        ip: ctx.ip,
      });
    const parties = await partiesOf(tx, row);
    await ctx.events.publish(tx, 'referral.transitioned', {
      referralId: id,
      actorId: actor.userId,
      state: rule.to,
      recipients: parties.filter((u) => u !== actor.userId),
    });
    await ctx.events.publish(tx, 'referral.changed', {
      referralId: id,
      actorId: actor.userId,
      viewers: [...new Set([...parties, actor.userId])],
    });
  });
  return getReferral(ctx, actor, id);
}
