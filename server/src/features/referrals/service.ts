import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import {
  gapDeclineReasons,
  type CancelBody,
  type CompleteBody,
  type ConsentBody,
  type DeclineBody,
  type FamilyDetails,
  type FamilyDetailsResponse,
  type Priority,
  type ReferralCreateBody,
  type ReferralDetail,
  type ReferralListQuery,
  type ReferralListResponse,
  type ReferralMessageBody,
  type ReferralMessagesResponse,
  type ReferralPatchBody,
  type ReferralState,
  type ReferralSummary,
} from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { addBusinessTime } from '../consultations/business-clock.ts';
import type { EventBus } from '../../lib/events.ts';
import type { AreaDirectory } from '../reference/service.ts';
import { openJson, seal, sealJson, open } from './crypto.ts';
import * as policy from './policy.ts';
import * as repo from './repository.ts';
import { addYears, getRetention } from './settings.ts';

const {
  referrals: r,
  referralEvents: events,
  referralMessages: messages,
  referralDeclines: declines,
  resources,
  users,
} = schema;

export interface ReferralContext {
  db: Db;
  areas: AreaDirectory;
  /** FAMILY_DATA_KEY: AES-256 key of the family's details and the thread. */
  key: Buffer;
  events: EventBus;
  ip: string | null;
  now?: () => Date;
}

/** A referral is flagged when the receiving side has not answered within this business time. */
export const RESPONSE_TARGET = { unit: 'days', amount: 2 } as const;

const now = (ctx: Pick<ReferralContext, 'now'>) => ctx.now?.() ?? new Date();
const JST = 9 * 3_600_000;
const todayJst = (at: Date) => new Date(+at + JST).toISOString().slice(0, 10);

/** The categories of personal data a referral provides (for the APPI record), by code and label. */
export const dataCategories: Record<string, [string, string]> = {
  name: ['氏名', 'name'],
  contact: ['連絡先', 'contact details'],
  address: ['住所', 'address'],
  family_notes: ['家族の状況（備考）', "family's situation (notes)"],
  care_needs: [
    '医療的ケア・心身の状況（要配慮個人情報）',
    'medical care and health (special-care-required data)',
  ],
  age_band: ['年齢区分', 'age band'],
};

function categoriesOf(
  family: FamilyDetails | null,
  row: { need: string; careTypes: string[]; ageBand: string | null },
): string[] {
  const list: string[] = [];
  if (family?.name) list.push('name');
  if (family?.contact) list.push('contact');
  if (family?.address) list.push('address');
  if (family?.notes) list.push('family_notes');
  if (row.need || row.careTypes.length) list.push('care_needs');
  if (row.ageBand) list.push('age_band');
  return list;
}

// ── Who receives it ──
interface Recipient {
  recipientType: 'resource' | 'coordinator';
  resourceId: string | null;
  recipientOrganizationId: string | null;
  recipientUserId: string | null;
}

async function resolveRecipient(
  ctx: ReferralContext,
  actor: Actor,
  resourceId: string | null,
  recipientUserId: string | null,
): Promise<Recipient | null> {
  if (resourceId && recipientUserId)
    throw new AppError(
      'validation',
      [
        {
          field: 'recipientUserId',
          message:
            '紹介先は地域資源かコーディネーターのどちらか一方です / choose either a resource or a coordinator',
        },
      ],
      {
        ja: '紹介先は、地域資源かコーディネーターのどちらか一方を選んでください。',
        en: 'Choose either a resource or a coordinator as the recipient, not both.',
      },
    );
  if (resourceId) {
    const [resource] = await ctx.db.select().from(resources).where(eq(resources.id, resourceId));
    if (!resource) throw invalid('resourceId', '地域資源が見つかりません', 'the resource does not exist');
    const receivers = await repo.recipientUserIds(ctx.db, {
      recipientType: 'resource',
      recipientOrganizationId: resource.organizationId,
      recipientUserId: null,
    });
    if (!receivers.filter((u) => u !== actor.userId).length)
      throw new AppError(
        'recipient_unavailable',
        [
          {
            field: 'resourceId',
            message: 'この機関にはつなぐの利用者がいません / nobody of this organisation uses Tsunagu',
          },
        ],
        {
          ja: 'この地域資源の機関にはつなぐの利用者がいないため、紹介を受け取れません。電話などで直接ご連絡ください。',
          en: 'Nobody of this organisation uses Tsunagu, so it cannot receive the referral here. Contact it directly.',
        },
      );
    return {
      recipientType: 'resource',
      resourceId,
      recipientOrganizationId: resource.organizationId,
      recipientUserId: null,
    };
  }
  if (recipientUserId) {
    if (recipientUserId === actor.userId)
      throw invalid('recipientUserId', '自分自身には紹介できません', 'you cannot refer a family to yourself');
    const [user] = await ctx.db.select().from(users).where(eq(users.id, recipientUserId));
    if (!user || user.role !== 'coordinator' || user.status !== 'active')
      throw invalid(
        'recipientUserId',
        '紹介先は有効なコーディネーターから選んでください',
        'the recipient must be an active coordinator',
      );
    return {
      recipientType: 'coordinator',
      resourceId: null,
      recipientOrganizationId: user.organizationId,
      recipientUserId,
    };
  }
  return null;
}

const recipientIdOf = (row: Pick<repo.ReferralRow, 'resourceId' | 'recipientUserId'>) =>
  row.resourceId ?? row.recipientUserId;

function consentCovers(
  row: Pick<
    repo.ReferralRow,
    'consentRecipientType' | 'consentRecipientId' | 'recipientType' | 'resourceId' | 'recipientUserId'
  >,
) {
  const id = recipientIdOf(row);
  return (
    !!row.consentRecipientId &&
    !!id &&
    row.consentRecipientType === row.recipientType &&
    row.consentRecipientId === id
  );
}

function checkConsent(consent: ConsentBody, recipient: Recipient | null, at: Date) {
  if (consent.date > todayJst(at))
    throw invalid('consent.date', '同意を得た日が未来の日付です', 'the date of consent is in the future');
  const id = recipient?.resourceId ?? recipient?.recipientUserId;
  if (!recipient || consent.recipientType !== recipient.recipientType || consent.recipientId !== id)
    throw new AppError('consent_mismatch', [
      {
        field: 'consent.recipientId',
        message: '同意の対象が紹介先と一致しません / the consent does not cover the chosen recipient',
      },
    ]);
}

const consentValues = (consent: ConsentBody, actor: Actor, at: Date) => ({
  consentDate: consent.date,
  consentMethod: consent.method,
  consentNote: consent.note ?? '',
  consentRecipientType: consent.recipientType,
  consentRecipientId: consent.recipientId,
  consentRecordedAt: at,
  consentRecordedBy: actor.userId,
});
const noConsent = {
  consentDate: null,
  consentMethod: null,
  consentNote: null,
  consentRecipientType: null,
  consentRecipientId: null,
  consentRecordedAt: null,
  consentRecordedBy: null,
};

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

/** Loads a referral the actor may see, or answers 404 (existence must not leak). */
async function visible(ctx: ReferralContext, actor: Actor, id: string) {
  const row = await repo.findReferral(ctx.db, id);
  if (!row) throw notFound();
  const relation = policy.relationOf(actor, row);
  if (!relation) throw notFound();
  return { row, relation };
}

const onlyDrafts = () =>
  new AppError('invalid_transition', undefined, {
    ja: '送った紹介は編集できません。必要ならメッセージで伝えるか、取り下げて作り直してください。',
    en: 'A sent referral cannot be edited: add a message, or cancel it and create a new one.',
  });

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

// ── Reading ──
function summaryOf(j: repo.JoinedReferral, relation: policy.Relation, at: Date): ReferralSummary {
  const row = j.referral;
  return {
    id: row.id,
    state: row.state as ReferralState,
    recipientType: row.recipientType as 'resource' | 'coordinator',
    sender: { id: row.senderId, displayName: j.senderName },
    senderOrganization: row.senderOrganizationId
      ? { id: row.senderOrganizationId, name: j.senderOrgName ?? '' }
      : null,
    resource: row.resourceId
      ? { id: row.resourceId, name: j.resourceName ?? '', serviceType: j.resourceServiceType ?? '' }
      : null,
    recipientOrganization: row.recipientOrganizationId
      ? { id: row.recipientOrganizationId, name: j.recipientOrgName ?? '' }
      : null,
    recipientUser: row.recipientUserId
      ? { id: row.recipientUserId, displayName: j.recipientUserName ?? '' }
      : null,
    careTypes: row.careTypes,
    ageBand: row.ageBand,
    area: row.areaCode,
    urgency: row.urgency as Priority,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    sentAt: row.sentAt?.toISOString() ?? null,
    responseDueAt: row.responseDueAt?.toISOString() ?? null,
    overdue: row.state === 'sent' && !!row.responseDueAt && +row.responseDueAt <= +at,
    relation,
  };
}

export async function listReferrals(
  ctx: ReferralContext,
  actor: Actor,
  query: ReferralListQuery,
): Promise<ReferralListResponse> {
  const at = now(ctx);
  const { rows, total, page, pageSize } = await repo.listReferrals(ctx.db, actor, query, at);
  return {
    items: rows.map((j) => summaryOf(j, policy.relationOf(actor, j.referral) ?? 'centre', at)),
    total,
    page,
    pageSize,
  };
}

export async function getReferral(ctx: ReferralContext, actor: Actor, id: string): Promise<ReferralDetail> {
  const { relation } = await visible(ctx, actor, id);
  const j = (await repo.findJoined(ctx.db, id))!;
  const row = j.referral;
  const [history, retention] = await Promise.all([repo.historyOf(ctx.db, id), getRetention(ctx.db)]);
  const at = now(ctx);
  const centre = relation === 'centre';
  return {
    ...summaryOf(j, relation, at),
    need: centre ? null : row.need,
    consent:
      row.consentRecordedAt &&
      row.consentDate &&
      row.consentMethod &&
      row.consentRecipientType &&
      row.consentRecipientId
        ? {
            date: row.consentDate,
            method: row.consentMethod as ConsentBody['method'],
            note: centre ? '' : (row.consentNote ?? ''),
            recipientType: row.consentRecipientType as ConsentBody['recipientType'],
            recipientId: row.consentRecipientId,
            coversRecipient: consentCovers(row),
            recordedAt: row.consentRecordedAt.toISOString(),
            recordedBy: row.consentRecordedBy
              ? { id: row.consentRecordedBy, displayName: j.senderName }
              : null,
          }
        : null,
    decline:
      row.declineReason && row.declinedAt
        ? {
            reason: row.declineReason as DeclineBody['reason'],
            text: centre ? '' : (row.declineText ?? ''),
            at: row.declinedAt.toISOString(),
          }
        : null,
    outcome:
      row.outcome && row.completedAt
        ? {
            outcome: row.outcome as CompleteBody['outcome'],
            text: centre ? '' : (row.outcomeText ?? ''),
            at: row.completedAt.toISOString(),
          }
        : null,
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    cancelledAt: row.cancelledAt?.toISOString() ?? null,
    endedAt: row.endedAt?.toISOString() ?? null,
    hasFamilyDetails: !!row.familyCiphertext,
    familyErasedAt: row.familyErasedAt?.toISOString() ?? null,
    familyEraseDueAt:
      row.endedAt && !row.familyErasedAt ? addYears(row.endedAt, retention.years).toISOString() : null,
    history: history.map(({ event, actorName }) => ({
      kind: event.kind,
      from: event.fromValue,
      to: event.toValue,
      actor: event.actorId ? { id: event.actorId, displayName: actorName ?? '' } : null,
      at: event.at.toISOString(),
    })),
    actions: policy.actionsOf(relation, row.state as ReferralState, !!row.familyErasedAt),
  };
}

/** The family's details, for the two sides only; every read is written to the audit log. */
export async function readFamily(
  ctx: ReferralContext,
  actor: Actor,
  id: string,
): Promise<FamilyDetailsResponse> {
  const { row, relation } = await visible(ctx, actor, id);
  if (relation === 'centre')
    throw new AppError('forbidden', undefined, {
      ja: 'ご家族の情報を見られるのは、紹介した人と紹介先だけです。センターは紹介の状態と件数を確認できます。',
      en: "Only the sender and the recipient see the family's details. The centre sees states and counts.",
    });
  if (row.familyErasedAt) throw new AppError('family_erased');
  const family = row.familyCiphertext
    ? openJson<Required<FamilyDetails>>(ctx.key, row.familyCiphertext, id)
    : { name: '', contact: '', address: '', notes: '' };
  await audit(ctx.db, {
    actorId: actor.userId,
    action: 'referral.family_read',
    targetType: 'referral',
    targetId: id,
    detail: { relation, state: row.state },
    ip: ctx.ip,
  });
  return {
    referralId: id,
    name: family.name,
    contact: family.contact,
    address: family.address,
    notes: family.notes,
  };
}

// ── Transitions ──
const stateLabels: Record<ReferralState, [string, string]> = {
  draft: ['下書き', 'draft'],
  sent: ['送信済み', 'sent'],
  accepted: ['受け入れ', 'accepted'],
  declined: ['辞退', 'declined'],
  completed: ['完了', 'completed'],
  cancelled: ['取り下げ', 'cancelled'],
};

/** Everyone on either side (the sender and the receiving side's users). */
async function partiesOf(db: Db, row: repo.ReferralRow) {
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

// ── The thread ──
export async function listMessages(
  ctx: ReferralContext,
  actor: Actor,
  id: string,
): Promise<ReferralMessagesResponse> {
  const { row, relation } = await visible(ctx, actor, id);
  if (relation === 'centre')
    throw new AppError('forbidden', undefined, {
      ja: 'メッセージは紹介した人と紹介先だけが読めます。',
      en: 'Only the two sides read the thread.',
    });
  const rows = await repo.messagesOf(ctx.db, row.id);
  return {
    items: rows.map(({ message, authorName }) => ({
      id: message.id,
      author: { id: message.authorId, displayName: authorName },
      body: message.bodyCiphertext ? open(ctx.key, message.bodyCiphertext, `${row.id}:${message.id}`) : null,
      createdAt: message.createdAt.toISOString(),
    })),
  };
}

export async function addMessage(
  ctx: ReferralContext,
  actor: Actor,
  id: string,
  body: ReferralMessageBody,
): Promise<ReferralMessagesResponse> {
  const { row, relation } = await visible(ctx, actor, id);
  if (relation === 'centre')
    throw new AppError('forbidden', undefined, {
      ja: 'メッセージは紹介した人と紹介先だけが書けます。',
      en: 'Only the two sides write in the thread.',
    });
  if (row.state === 'draft')
    throw new AppError('invalid_transition', undefined, {
      ja: '下書きの紹介にはメッセージを書けません。送ってから書いてください。',
      en: 'A draft has no thread yet: send the referral first.',
    });
  const at = now(ctx);
  const messageId = randomUUID();
  await ctx.events.transaction(ctx.db, async (tx) => {
    await tx.insert(messages).values({
      id: messageId,
      referralId: id,
      authorId: actor.userId,
      bodyCiphertext: seal(ctx.key, body.body, `${id}:${messageId}`),
      createdAt: at,
    });
    await tx.insert(events).values({ referralId: id, actorId: actor.userId, kind: 'message', at });
    await tx.update(r).set({ updatedAt: at }).where(eq(r.id, id));
    const parties = await partiesOf(tx, row);
    await ctx.events.publish(tx, 'referral.messaged', {
      referralId: id,
      actorId: actor.userId,
      recipients: parties.filter((u) => u !== actor.userId),
    });
    await ctx.events.publish(tx, 'referral.changed', {
      referralId: id,
      actorId: actor.userId,
      viewers: [...new Set([...parties, actor.userId])],
    });
  });
  return listMessages(ctx, actor, id);
}

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
        .set({ familyCiphertext: null, familyErasedAt: at })
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
