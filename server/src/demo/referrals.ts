import { and, eq, inArray } from 'drizzle-orm';
import { schema, type Database } from '@tsunagu/db';
import type { ReferralCreateBody, Role } from '@tsunagu/shared';
import { AreaDirectory } from '../features/reference/service.ts';
import {
  addMessage,
  createReferral,
  runReferralSweep,
  transition,
  type ReferralContext,
} from '../features/referrals/service.ts';
import type { Actor } from '../types.ts';
import { notifyingEvents } from './events.ts';

const DAY = 86_400_000;

/** Fictional families only: invented names, 0000- phone numbers, no real address. */
const families = [
  {
    name: '山田 はると（架空）',
    contact: '0000-11-1111（母）',
    address: '（架空の住所）西部のまち1-1',
    notes: '母が主介護者。夜間の吸引あり。',
  },
  {
    name: '佐藤 ゆい（架空）',
    contact: '0000-22-2222（父）',
    address: '（架空の住所）西部のまち2-2',
    notes: 'きょうだい児の行事の日に利用したい。',
  },
  { name: '鈴木 そら（架空）', contact: '0000-33-3333', address: '（架空の住所）中部のまち3-3', notes: '' },
  {
    name: '高橋 みお（架空）',
    contact: '0000-44-4444',
    address: '（架空の住所）東部のまち4-4',
    notes: '就学前の準備中。',
  },
  { name: '田中 れん（架空）', contact: '0000-55-5555', address: '（架空の住所）西部のまち5-5', notes: '' },
  { name: '伊藤 あおい（架空）', contact: '0000-66-6666', address: '（架空の住所）西部のまち6-6', notes: '' },
  { name: '渡辺 ひなた（架空）', contact: '0000-77-7777', address: '（架空の住所）中部のまち7-7', notes: '' },
];

/**
 * Referrals in every state, made through the same services users go through: a coordinator in
 * 西部 refers families to the demo supporter's short stay and to a peer.
 */
export async function seedDemoReferrals(database: Database, key: Buffer): Promise<void> {
  const { db } = database;
  const accounts = await db
    .select()
    .from(schema.users)
    .where(
      inArray(schema.users.email, [
        'coordinator@example.jp',
        'coordinator2@example.jp',
        'supporter@example.jp',
      ]),
    );
  const actor = (email: string): Actor => {
    const user = accounts.find((u) => u.email === email)!;
    return {
      userId: user.id,
      role: user.role as Role,
      sessionId: 'seed',
      organizationId: user.organizationId,
      totpSetupRequired: false,
    };
  };
  if (accounts.length < 3) return;
  const sender = actor('coordinator@example.jp');
  const supporter = actor('supporter@example.jp');
  const peer = actor('coordinator2@example.jp');
  const [resource] = await db
    .select()
    .from(schema.resources)
    .where(
      and(
        eq(schema.resources.organizationId, supporter.organizationId!),
        eq(schema.resources.serviceType, 'short_stay'),
      ),
    )
    .limit(1);
  if (!resource) return;
  const base = Date.now();
  const events = notifyingEvents();
  const ctxAt = (daysAgo: number): ReferralContext => ({
    db,
    areas: new AreaDirectory(db),
    key,
    events,
    ip: null,
    now: () => new Date(base - daysAgo * DAY),
  });
  const today = (daysAgo: number) =>
    new Date(base - daysAgo * DAY + 9 * 3_600_000).toISOString().slice(0, 10);

  const toResource = (i: number): ReferralCreateBody => ({
    resourceId: resource.id,
    need: '月2回程度、週末の1泊2日の短期入所を希望。人工呼吸器（夜間のみ）と気管切開あり。',
    careTypes: ['ventilator', 'tracheostomy', 'suction'],
    ageBand: 'preschool',
    area: '31-west',
    urgency: i % 2 ? 'normal' : 'high',
    family: families[i]!,
  });
  const consentFor = (daysAgo: number, method: 'written' | 'verbal' | 'other' = 'written') => ({
    date: today(daysAgo),
    method,
    recipientType: 'resource' as const,
    recipientId: resource.id,
  });

  // draft: consent still to be asked for
  await createReferral(ctxAt(0), sender, toResource(0));
  // sent today
  const sent = await createReferral(ctxAt(1), sender, { ...toResource(1), consent: consentFor(1, 'verbal') });
  await transition(ctxAt(0), sender, sent.id, 'send', {});
  // sent a week ago and never answered: the job flags it
  const late = await createReferral(ctxAt(8), sender, {
    ...toResource(2),
    area: '31-central',
    consent: consentFor(8),
  });
  await transition(ctxAt(7), sender, late.id, 'send', {});
  // accepted, with a thread
  const accepted = await createReferral(ctxAt(6), sender, { ...toResource(3), consent: consentFor(6) });
  await transition(ctxAt(5), sender, accepted.id, 'send', {});
  await transition(ctxAt(4), supporter, accepted.id, 'accept', {});
  await addMessage(ctxAt(4), supporter, accepted.id, {
    body: '受け入れ可能です。初回面談の日程を調整させてください。',
  });
  await addMessage(ctxAt(3), sender, accepted.id, {
    body: 'ありがとうございます。ご家族の希望日をお伝えします。',
  });
  // declined for lack of capacity (recorded for the resource-gap view)
  const declined = await createReferral(ctxAt(20), sender, { ...toResource(4), consent: consentFor(20) });
  await transition(ctxAt(19), sender, declined.id, 'send', {});
  await transition(ctxAt(18), supporter, declined.id, 'decline', {
    reason: 'no_capacity',
    text: '今月は夜間看護師の配置が難しく、受け入れられません。',
  });
  // completed: the service started
  const completed = await createReferral(ctxAt(40), sender, { ...toResource(5), consent: consentFor(40) });
  await transition(ctxAt(39), sender, completed.id, 'send', {});
  await transition(ctxAt(38), supporter, completed.id, 'accept', {});
  await transition(ctxAt(20), supporter, completed.id, 'complete', { outcome: 'service_started' });
  // to a peer coordinator, then cancelled by the sender
  const cancelled = await createReferral(ctxAt(10), sender, {
    recipientUserId: peer.userId,
    need: '中部圏域への転居予定。転居後の相談支援を引き継いでほしい。',
    careTypes: ['tube_feeding'],
    ageBand: 'elementary',
    area: '31-central',
    family: families[6]!,
    consent: { date: today(10), method: 'written', recipientType: 'coordinator', recipientId: peer.userId },
  });
  await transition(ctxAt(9), sender, cancelled.id, 'send', {});
  await transition(ctxAt(8), sender, cancelled.id, 'cancel', { text: '転居の予定がなくなりました。' });
  // a peer accepted a referral sent by another coordinator
  const peerAccepted = await createReferral(ctxAt(3), peer, {
    ...toResource(6),
    resourceId: null,
    recipientUserId: sender.userId,
    consent: {
      date: today(3),
      method: 'other',
      note: 'メールで確認',
      recipientType: 'coordinator',
      recipientId: sender.userId,
    },
  });
  await transition(ctxAt(2), peer, peerAccepted.id, 'send', {});
  await runReferralSweep({ db, events });
}
