import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { schema } from '@tsunagu/db';
import type {
  ConsentBody,
  FamilyDetails,
  ReferralCreateBody,
  ReferralDetail,
  ReferralPatchBody,
} from '@tsunagu/shared';
import { AppError, invalid } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { now, onlyDrafts, visible, type ReferralContext } from './context.ts';
import { sealJson } from './crypto.ts';
import * as policy from './policy.ts';
import { sealLabel } from './private-label.ts';
import { getReferral } from './reading.ts';
import {
  checkConsent,
  consentValues,
  noConsent,
  recipientIdOf,
  resolveRecipient,
  type Recipient,
} from './recipient.ts';

const { referrals: r, referralEvents: events } = schema;

async function checkArea(ctx: ReferralContext, area: string | null | undefined) {
  if (!area) return;
  const { areas } = await ctx.areas.all();
  if (!areas.some((a) => a.code === area))
    throw invalid('area', `圏域「${area}」はありません`, `there is no area "${area}"`);
}

const normaliseFamily = (f: FamilyDetails): Required<FamilyDetails> => ({
  name: f.name.trim(),
  contact: f.contact ?? '',
  address: f.address ?? '',
  notes: f.notes ?? '',
});

// ── Create and edit a draft ──
export async function createReferral(
  ctx: ReferralContext,
  actor: Actor,
  body: ReferralCreateBody,
): Promise<ReferralDetail> {
  await checkArea(ctx, body.area);
  const recipient = await resolveRecipient(ctx, actor, body.resourceId ?? null, body.recipientUserId ?? null);
  const at = now(ctx);
  if (body.consent) checkConsent(body.consent, recipient, at);
  const id = randomUUID();
  await ctx.db.transaction(async (tx) => {
    await tx.insert(r).values({
      id,
      senderId: actor.userId,
      senderOrganizationId: actor.organizationId,
      recipientType: recipient?.recipientType ?? 'resource',
      resourceId: recipient?.resourceId ?? null,
      recipientOrganizationId: recipient?.recipientOrganizationId ?? null,
      recipientUserId: recipient?.recipientUserId ?? null,
      state: 'draft',
      need: body.need ?? '',
      careTypes: [...new Set(body.careTypes ?? [])],
      ageBand: body.ageBand ?? null,
      areaCode: body.area ?? null,
      urgency: body.urgency ?? 'normal',
      familyCiphertext: body.family ? sealJson(ctx.key, normaliseFamily(body.family), id) : null,
      privateLabelCiphertext: sealLabel(ctx.key, id, body.privateLabel),
      ...(body.consent ? consentValues(body.consent, actor, at) : {}),
      createdAt: at,
      updatedAt: at,
    });
    await tx
      .insert(events)
      .values({ referralId: id, actorId: actor.userId, kind: 'created', toValue: 'draft', at });
    if (body.consent)
      await tx
        .insert(events)
        .values({ referralId: id, actorId: actor.userId, kind: 'consent', toValue: body.consent.method, at });
  });
  return getReferral(ctx, actor, id);
}

export async function patchDraft(
  ctx: ReferralContext,
  actor: Actor,
  id: string,
  body: ReferralPatchBody,
): Promise<ReferralDetail> {
  const { row, relation } = await visible(ctx, actor, id);
  if (relation !== 'sender')
    throw new AppError('forbidden', undefined, {
      ja: '紹介を編集できるのは送った人だけです。',
      en: 'Only the sender edits a referral.',
    });
  if (row.state !== 'draft') throw onlyDrafts();
  await checkArea(ctx, body.area);
  const recipientChanged = body.resourceId !== undefined || body.recipientUserId !== undefined;
  const recipient: Recipient | null = recipientChanged
    ? await resolveRecipient(
        ctx,
        actor,
        body.resourceId !== undefined ? body.resourceId : body.recipientUserId ? null : row.resourceId,
        body.recipientUserId !== undefined
          ? body.recipientUserId
          : body.resourceId
            ? null
            : row.recipientUserId,
      )
    : recipientIdOf(row)
      ? {
          recipientType: row.recipientType as Recipient['recipientType'],
          resourceId: row.resourceId,
          recipientOrganizationId: row.recipientOrganizationId,
          recipientUserId: row.recipientUserId,
        }
      : null;
  const at = now(ctx);
  if (body.consent) checkConsent(body.consent, recipient, at);
  const set: Partial<typeof r.$inferInsert> = {
    updatedAt: at,
    ...(body.need !== undefined ? { need: body.need } : {}),
    ...(body.careTypes ? { careTypes: [...new Set(body.careTypes)] } : {}),
    ...(body.ageBand !== undefined ? { ageBand: body.ageBand } : {}),
    ...(body.area !== undefined ? { areaCode: body.area } : {}),
    ...(body.urgency ? { urgency: body.urgency } : {}),
    ...(body.family ? { familyCiphertext: sealJson(ctx.key, normaliseFamily(body.family), id) } : {}),
    ...(body.privateLabel !== undefined
      ? { privateLabelCiphertext: sealLabel(ctx.key, id, body.privateLabel) }
      : {}),
  };
  if (recipientChanged) {
    set.recipientType = recipient?.recipientType ?? 'resource';
    set.resourceId = recipient?.resourceId ?? null;
    set.recipientOrganizationId = recipient?.recipientOrganizationId ?? null;
    set.recipientUserId = recipient?.recipientUserId ?? null;
  }
  let consentCleared = false;
  if (body.consent) Object.assign(set, consentValues(body.consent, actor, at));
  else if (
    recipientChanged &&
    row.consentRecipientId &&
    row.consentRecipientId !== (recipient?.resourceId ?? recipient?.recipientUserId)
  ) {
    // Consent covers one recipient: choosing another one needs the family's consent again.
    Object.assign(set, noConsent);
    consentCleared = true;
  }
  await ctx.db.transaction(async (tx) => {
    await tx.update(r).set(set).where(eq(r.id, id));
    await tx.insert(events).values({ referralId: id, actorId: actor.userId, kind: 'edited', at });
    if (body.consent)
      await tx
        .insert(events)
        .values({ referralId: id, actorId: actor.userId, kind: 'consent', toValue: body.consent.method, at });
    if (consentCleared)
      await tx.insert(events).values({ referralId: id, actorId: actor.userId, kind: 'consent_cleared', at });
  });
  return getReferral(ctx, actor, id);
}

export async function recordConsent(
  ctx: ReferralContext,
  actor: Actor,
  id: string,
  body: ConsentBody,
): Promise<ReferralDetail> {
  const { row, relation } = await visible(ctx, actor, id);
  if (relation !== 'sender')
    throw new AppError('forbidden', undefined, {
      ja: '同意を記録できるのは紹介を送る人だけです。',
      en: 'Only the sender records the consent.',
    });
  if (row.state !== 'draft') throw onlyDrafts();
  const at = now(ctx);
  const recipient = recipientIdOf(row)
    ? {
        recipientType: row.recipientType as Recipient['recipientType'],
        resourceId: row.resourceId,
        recipientOrganizationId: row.recipientOrganizationId,
        recipientUserId: row.recipientUserId,
      }
    : null;
  checkConsent(body, recipient, at);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(r)
      .set({ ...consentValues(body, actor, at), updatedAt: at })
      .where(eq(r.id, id));
    await tx
      .insert(events)
      .values({ referralId: id, actorId: actor.userId, kind: 'consent', toValue: body.method, at });
  });
  return getReferral(ctx, actor, id);
}

/** The sender relabels a referral, whatever its state (not audited: it is their own note, shown to nobody). */
export async function setPrivateLabel(
  ctx: ReferralContext,
  actor: Actor,
  id: string,
  label: string,
): Promise<ReferralDetail> {
  const { relation } = await visible(ctx, actor, id);
  if (!policy.mayLabel(relation))
    throw new AppError('forbidden', undefined, {
      ja: '自分用のラベルは紹介した人だけが付けられます。',
      en: 'Only the sender labels a referral.',
    });
  await ctx.db
    .update(r)
    .set({ privateLabelCiphertext: sealLabel(ctx.key, id, label) })
    .where(eq(r.id, id));
  return getReferral(ctx, actor, id);
}
