import { eq } from 'drizzle-orm';
import { schema } from '@tsunagu/db';
import type { ConsentBody } from '@tsunagu/shared';
import { AppError, invalid } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { todayJst, type ReferralContext } from './context.ts';
import * as repo from './repository.ts';

const { resources, users } = schema;

export interface Recipient {
  recipientType: 'resource' | 'coordinator';
  resourceId: string | null;
  recipientOrganizationId: string | null;
  recipientUserId: string | null;
}

export async function resolveRecipient(
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
    // A closed service takes no new families; referrals already sent to it go on as they were.
    if (resource.archivedAt)
      throw invalid(
        'resourceId',
        'この地域資源は閉鎖されています',
        'this resource has closed and takes no referrals',
      );
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

export const recipientIdOf = (row: Pick<repo.ReferralRow, 'resourceId' | 'recipientUserId'>) =>
  row.resourceId ?? row.recipientUserId;

export function consentCovers(
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

export function checkConsent(consent: ConsentBody, recipient: Recipient | null, at: Date) {
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

export const consentValues = (consent: ConsentBody, actor: Actor, at: Date) => ({
  consentDate: consent.date,
  consentMethod: consent.method,
  consentNote: consent.note ?? '',
  consentRecipientType: consent.recipientType,
  consentRecipientId: consent.recipientId,
  consentRecordedAt: at,
  consentRecordedBy: actor.userId,
});
export const noConsent = {
  consentDate: null,
  consentMethod: null,
  consentNote: null,
  consentRecipientType: null,
  consentRecipientId: null,
  consentRecordedAt: null,
  consentRecordedBy: null,
};
