import type { FamilyDetails, FamilyDetailsResponse, ReferralState } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { visible, type ReferralContext } from './context.ts';
import { openJson } from './crypto.ts';
import * as policy from './policy.ts';

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

export function categoriesOf(
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

/** The family's details, for the two sides only; every read is written to the audit log. */
export async function readFamily(
  ctx: ReferralContext,
  actor: Actor,
  id: string,
): Promise<FamilyDetailsResponse> {
  const { row, relation } = await visible(ctx, actor, id);
  const state = row.state as ReferralState;
  // The same rule answers `can.readFamily`; an erased family says so rather than "forbidden".
  if (relation !== 'centre' && row.familyErasedAt) throw new AppError('family_erased');
  if (!policy.may(relation, state, 'readFamily', !!row.familyErasedAt))
    throw new AppError('forbidden', undefined, {
      ja: 'ご家族の情報を見られるのは、紹介した人と紹介先だけです。センターは紹介の状態と件数を確認できます。',
      en: "Only the sender and the recipient see the family's details. The centre sees states and counts.",
    });
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
