import type {
  CompleteBody,
  ConsentBody,
  DeclineBody,
  Priority,
  ReferralDetail,
  ReferralListQuery,
  ReferralListResponse,
  ReferralState,
  ReferralSummary,
} from '@tsunagu/shared';
import type { Actor } from '../../types.ts';
import { now, visible, type ReferralContext } from './context.ts';
import * as policy from './policy.ts';
import { consentCovers } from './recipient.ts';
import * as repo from './repository.ts';
import { privateLabelFor } from './private-label.ts';
import { addYears, getRetention } from './settings.ts';

function summaryOf(
  j: repo.JoinedReferral,
  relation: policy.Relation,
  at: Date,
  key: Buffer,
): ReferralSummary {
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
    privateLabel: privateLabelFor(key, row, relation),
    can: policy.canOf(relation, row.state as ReferralState, !!row.familyErasedAt),
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
    items: rows.map((j) => summaryOf(j, policy.relationOf(actor, j.referral) ?? 'centre', at, ctx.key)),
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
    ...summaryOf(j, relation, at, ctx.key),
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
  };
}
