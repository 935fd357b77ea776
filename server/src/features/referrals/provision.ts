import { and, eq, gte, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { schema, type Db } from '@tsunagu/db';
import type {
  ProvisionRecord,
  ProvisionRecordQuery,
  ProvisionRecordResponse,
  ReferralState,
} from '@tsunagu/shared';
import { invalid } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { dataCategories } from './service.ts';

const { referrals: r, resources, organizations, users } = schema;
const senders = alias(users, 'senders');
const recipientUsers = alias(users, 'recipient_users');
const recipientOrgs = alias(organizations, 'recipient_orgs');

const JST = 9 * 3_600_000;
const dayStart = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) - JST);

/**
 * The APPI record of provision to a third party (第三者提供の記録), for the caller's organisation
 * as the provider: when, by whom, to whom, which categories of data, and the consent relied on.
 * It lists the categories, never the data, and outlives the family's details.
 */
export async function provisionRecords(
  db: Db,
  actor: Actor,
  query: ProvisionRecordQuery,
): Promise<ProvisionRecordResponse> {
  if (query.from && query.to && query.from > query.to)
    throw invalid('to', '終了日が開始日より前です', 'the end date is before the start date');
  const mine: SQL = actor.organizationId
    ? or(
        eq(r.senderOrganizationId, actor.organizationId),
        and(isNull(r.senderOrganizationId), eq(r.senderId, actor.userId)),
      )!
    : eq(r.senderId, actor.userId);
  const conditions: SQL[] = [mine, isNotNull(r.sentAt)];
  if (query.from) conditions.push(gte(r.sentAt, dayStart(query.from)));
  if (query.to) conditions.push(lt(r.sentAt, new Date(+dayStart(query.to) + 86_400_000)));
  const rows = await db
    .select({
      referral: r,
      senderName: senders.displayName,
      recipientOrgName: recipientOrgs.name,
      recipientUserName: recipientUsers.displayName,
      resourceName: resources.name,
    })
    .from(r)
    .innerJoin(senders, eq(senders.id, r.senderId))
    .leftJoin(recipientOrgs, eq(recipientOrgs.id, r.recipientOrganizationId))
    .leftJoin(recipientUsers, eq(recipientUsers.id, r.recipientUserId))
    .leftJoin(resources, eq(resources.id, r.resourceId))
    .where(and(...conditions))
    .orderBy(sql`${r.sentAt} ASC`, r.id);
  const items: ProvisionRecord[] = rows.map(
    ({ referral: x, senderName, recipientOrgName, recipientUserName, resourceName }) => ({
      referralId: x.id,
      providedAt: x.sentAt!.toISOString(),
      sender: { id: x.senderId, displayName: senderName },
      recipientOrganization: recipientOrgName,
      recipientPerson: recipientUserName,
      resourceName,
      categories: x.providedCategories,
      consentDate: x.consentDate,
      consentMethod: x.consentMethod as ProvisionRecord['consentMethod'],
      state: x.state as ReferralState,
      familyErasedAt: x.familyErasedAt?.toISOString() ?? null,
    }),
  );
  return { from: query.from ?? null, to: query.to ?? null, items };
}

const methodLabels: Record<string, string> = { written: '書面', verbal: '口頭', other: 'その他' };
const stateLabels: Record<string, string> = {
  sent: '送信済み',
  accepted: '受け入れ',
  declined: '辞退',
  completed: '完了',
  cancelled: '取り下げ',
};
const jstTime = (iso: string) => new Date(Date.parse(iso) + JST).toISOString().slice(0, 16).replace('T', ' ');
const cell = (v: string) =>
  /[",\r\n]/.test(v) || /^[=+\-@\t]/.test(v)
    ? `"${(/^[=+\-@\t]/.test(v) ? `'${v}` : v).replace(/"/g, '""')}"`
    : v;

/** The same record as CSV for Excel: UTF-8 with a BOM, CRLF line ends, Japanese headers. */
export function provisionCsv(records: ProvisionRecordResponse): string {
  const header = [
    '提供日時',
    '提供者',
    '提供先（機関）',
    '提供先（担当者）',
    '提供先サービス',
    '提供した個人データの項目',
    '本人（家族）の同意日',
    '同意の方法',
    '紹介の状態',
    '家族情報の消去日',
    '紹介ID',
  ];
  const lines = records.items.map((x) =>
    [
      jstTime(x.providedAt),
      x.sender.displayName,
      x.recipientOrganization ?? '',
      x.recipientPerson ?? '',
      x.resourceName ?? '',
      x.categories.map((c) => dataCategories[c]?.[0] ?? c).join('、'),
      x.consentDate ?? '',
      x.consentMethod ? (methodLabels[x.consentMethod] ?? x.consentMethod) : '',
      stateLabels[x.state] ?? x.state,
      x.familyErasedAt ? jstTime(x.familyErasedAt).slice(0, 10) : '',
      x.referralId,
    ]
      .map((v) => cell(String(v)))
      .join(','),
  );
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
}
