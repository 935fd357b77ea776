import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReferralDetail } from '@tsunagu/shared';
import { addBusinessTime } from '../src/features/consultations/business-clock.ts';
import { AreaDirectory } from '../src/features/reference/service.ts';
import { open } from '../src/features/referrals/crypto.ts';
import { RESPONSE_TARGET, runReferralSweep } from '../src/features/referrals/service.ts';
import { bearer, setupApp, type TestApp } from './helper.ts';

let t: TestApp;
let sender: string;
let senderId: string;
let supporter: string;
let supporterId: string;
let centre: string;
let admin: string;
let outsider: string;
let resourceId: string;
let orphanResourceId: string;
let peerId: string;
let peer: string;

const q = (text: string, params: unknown[] = []) => t.database.pool.query(text, params);

beforeAll(async () => {
  t = await setupApp();
  sender = await t.token('coordinator');
  supporter = await t.token('supporter');
  centre = await t.token('center_staff');
  admin = await t.token('admin');
  const rows = (
    await q(
      `SELECT id, email, organization_id FROM users WHERE email IN ('coordinator@example.jp', 'supporter@example.jp')`,
    )
  ).rows;
  const s = rows.find((r) => r.email === 'coordinator@example.jp');
  const sup = rows.find((r) => r.email === 'supporter@example.jp');
  senderId = s.id;
  supporterId = sup.id;
  resourceId = (
    await q(`SELECT id FROM resources WHERE organization_id = $1 AND service_type = 'short_stay' LIMIT 1`, [
      sup.organization_id,
    ])
  ).rows[0].id;
  orphanResourceId = (
    await q(
      `SELECT r.id FROM resources r WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.organization_id = r.organization_id) LIMIT 1`,
    )
  ).rows[0].id;
  // A coordinator of an unrelated organisation (neither side's).
  const other = (
    await q(
      `SELECT email FROM users WHERE role = 'coordinator' AND organization_id NOT IN ($1, $2) ORDER BY email LIMIT 1`,
      [s.organization_id, sup.organization_id],
    )
  ).rows[0];
  outsider = (await t.login(other.email)).body.accessToken as string;
  const peerRow = (
    await q(
      `SELECT id, email FROM users WHERE role = 'coordinator' AND organization_id NOT IN ($1, $2) AND email <> $3 ORDER BY email LIMIT 1`,
      [s.organization_id, sup.organization_id, other.email],
    )
  ).rows[0];
  peerId = peerRow.id;
  peer = (await t.login(peerRow.email)).body.accessToken as string;
});
afterAll(() => t.close());

const call = (method: string, url: string, token: string | null, payload?: object) =>
  t.app.inject({
    method: method as 'GET',
    url,
    ...(token ? { headers: bearer(token) } : {}),
    ...(payload ? { payload } : {}),
  });
const today = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
const FAMILY = {
  name: '架空 はると',
  contact: '0000-12-3456（母）',
  address: '米子市（架空の住所）1-2-3',
  notes: '母が主介護者',
};
const draft = () => ({
  resourceId,
  need: '週末の1泊2日の短期入所を月2回希望。夜間のみ人工呼吸器。',
  careTypes: ['ventilator', 'tracheostomy'],
  ageBand: 'preschool',
  area: '31-west',
  urgency: 'high',
  family: FAMILY,
});
const consent = (recipientId = resourceId, recipientType = 'resource') => ({
  date: today(),
  method: 'written',
  recipientType,
  recipientId,
});
const familyReads = async (id: string) =>
  Number(
    (
      await q(
        `SELECT count(*)::int AS n FROM audit_log WHERE action = 'referral.family_read' AND target_id = $1`,
        [id],
      )
    ).rows[0].n,
  );
const notificationsOf = async (userId: string, kind: string, referralId: string) =>
  Number(
    (
      await q(
        `SELECT count(*)::int AS n FROM notifications WHERE user_id = $1 AND kind = $2 AND subject_id = $3`,
        [userId, kind, referralId],
      )
    ).rows[0].n,
  );
const referralCounts = async () => ({
  referrals: await t.count('referrals'),
  events: await t.count('referral_events'),
  messages: await t.count('referral_messages'),
  declines: await t.count('referral_declines'),
  notifications: await t.count('notifications'),
});

/** A referral sent by the demo coordinator to the supporter's short stay. */
async function sentReferral(): Promise<ReferralDetail> {
  const created = await call('POST', '/api/referrals', sender, { ...draft(), consent: consent() });
  expect(created.statusCode).toBe(201);
  const sent = await call('POST', `/api/referrals/${created.json().id}/send`, sender, {});
  expect(sent.statusCode).toBe(200);
  return sent.json();
}

describe('the referral life cycle', () => {
  let id: string;

  it('creates a draft that only the sender sees', async () => {
    const res = await call('POST', '/api/referrals', sender, draft());
    expect(res.statusCode).toBe(201);
    const body = res.json() as ReferralDetail;
    id = body.id;
    expect(body).toMatchObject({
      state: 'draft',
      relation: 'sender',
      recipientType: 'resource',
      resource: { id: resourceId },
      consent: null,
      hasFamilyDetails: true,
      need: draft().need,
    });
    expect(body.can).toMatchObject({ edit: true, consent: true, send: true, cancel: true, accept: false });
    expect(JSON.stringify(body)).not.toContain(FAMILY.name);
    for (const token of [supporter, centre, outsider])
      expect((await call('GET', `/api/referrals/${id}`, token)).statusCode).toBe(404);
  });

  it('refuses to send without the family’s consent, with a message that says what to do', async () => {
    const before = await referralCounts();
    const res = await call('POST', `/api/referrals/${id}/send`, sender, {});
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('consent_required');
    expect(res.json().message).toContain('同意');
    expect(res.json().messageEn).toContain('consent');
    expect(await referralCounts()).toEqual(before);
    expect((await call('GET', `/api/referrals/${id}`, sender)).json().state).toBe('draft');
  });

  it('refuses a consent that covers another recipient or lies in the future', async () => {
    const other = await call('POST', `/api/referrals/${id}/consent`, sender, consent(orphanResourceId));
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('consent_mismatch');
    const future = await call('POST', `/api/referrals/${id}/consent`, sender, {
      ...consent(),
      date: '2999-01-01',
    });
    expect(future.statusCode).toBe(400);
    expect(
      (await call('POST', `/api/referrals/${id}/consent`, sender, { ...consent(), method: 'telepathy' }))
        .statusCode,
    ).toBe(400);
    expect((await call('POST', `/api/referrals/${id}/consent`, supporter, consent())).statusCode).toBe(403);
    expect((await call('POST', `/api/referrals/${id}/consent`, outsider, consent())).statusCode).toBe(404);
    expect((await call('GET', `/api/referrals/${id}`, sender)).json().consent).toBeNull();
  });

  it('records the consent and sends; the receiving organisation is notified', async () => {
    const rec = await call('POST', `/api/referrals/${id}/consent`, sender, {
      ...consent(),
      method: 'verbal',
      note: '電話で母に確認',
    });
    expect(rec.statusCode).toBe(200);
    expect(rec.json().consent).toMatchObject({
      method: 'verbal',
      recipientType: 'resource',
      recipientId: resourceId,
      coversRecipient: true,
      date: today(),
    });
    const sent = await call('POST', `/api/referrals/${id}/send`, sender, {});
    expect(sent.statusCode).toBe(200);
    const body = sent.json() as ReferralDetail;
    expect(body.state).toBe('sent');
    expect(body.sentAt).not.toBeNull();
    expect(Date.parse(body.responseDueAt!)).toBe(+addBusinessTime(new Date(body.sentAt!), RESPONSE_TARGET));
    expect(body.history.map((h) => [h.kind, h.to])).toEqual(
      expect.arrayContaining([
        ['created', 'draft'],
        ['consent', 'verbal'],
        ['state', 'sent'],
      ]),
    );
    expect(body.history.find((h) => h.kind === 'state')!.actor!.id).toBe(senderId);
    expect(await notificationsOf(supporterId, 'referral.sent', id)).toBe(1);
    expect((await call('PATCH', `/api/referrals/${id}`, sender, { need: 'x' })).statusCode).toBe(409);
  });

  it('shows the receiving side the referral, and its family details with an audit entry per read', async () => {
    const list = await call('GET', '/api/referrals?direction=received', supporter);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((r: { id: string }) => r.id)).toContain(id);
    const detail = await call('GET', `/api/referrals/${id}`, supporter);
    expect(detail.json()).toMatchObject({ relation: 'recipient', need: draft().need });
    expect(detail.json().can).toMatchObject({
      accept: true,
      decline: true,
      message: true,
      readFamily: true,
      edit: false,
      cancel: false,
      label: false,
    });
    expect(await familyReads(id)).toBe(0);
    const family = await call('GET', `/api/referrals/${id}/family`, supporter);
    expect(family.statusCode).toBe(200);
    expect(family.json()).toEqual({ referralId: id, ...FAMILY });
    expect((await call('GET', `/api/referrals/${id}/family`, sender)).json().name).toBe(FAMILY.name);
    expect(await familyReads(id)).toBe(2);
    const entries = (
      await q(
        `SELECT actor_id, at FROM audit_log WHERE action = 'referral.family_read' AND target_id = $1 ORDER BY id`,
        [id],
      )
    ).rows;
    expect(entries.map((e) => e.actor_id)).toEqual([supporterId, senderId]);
    expect(entries.every((e) => e.at instanceof Date)).toBe(true);
  });

  it('answers 404 to a coordinator of an unrelated organisation, on the referral and its family details', async () => {
    const before = await familyReads(id);
    for (const path of ['', '/family', '/messages'])
      expect((await call('GET', `/api/referrals/${id}${path}`, outsider)).statusCode).toBe(404);
    for (const move of ['accept', 'cancel'])
      expect((await call('POST', `/api/referrals/${id}/${move}`, outsider, {})).statusCode).toBe(404);
    expect((await call('POST', `/api/referrals/${id}/messages`, outsider, { body: 'x' })).statusCode).toBe(
      404,
    );
    expect(
      (await call('GET', '/api/referrals', outsider)).json().items.map((r: { id: string }) => r.id),
    ).not.toContain(id);
    expect(await familyReads(id)).toBe(before);
  });

  it('gives centre staff states and counts, never family details', async () => {
    const list = await call('GET', '/api/referrals', centre);
    expect(list.statusCode).toBe(200);
    expect(list.json().items.find((r: { id: string }) => r.id === id)).toMatchObject({
      state: 'sent',
      relation: 'centre',
    });
    const detail = await call('GET', `/api/referrals/${id}`, centre);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ relation: 'centre', need: null });
    expect(Object.values(detail.json().can)).not.toContain(true);
    expect(JSON.stringify(detail.json())).not.toContain(FAMILY.name);
    expect(JSON.stringify(list.json())).not.toContain(FAMILY.name);
    const before = await familyReads(id);
    expect((await call('GET', `/api/referrals/${id}/family`, centre)).statusCode).toBe(403);
    expect((await call('GET', `/api/referrals/${id}/messages`, centre)).statusCode).toBe(403);
    expect((await call('POST', `/api/referrals/${id}/accept`, centre, {})).statusCode).toBe(403);
    expect(await familyReads(id)).toBe(before);
    // The operator has no access to referrals at all.
    expect((await call('GET', '/api/referrals', admin)).statusCode).toBe(403);
    expect((await call('GET', `/api/referrals/${id}`, admin)).statusCode).toBe(403);
  });

  it('lets only the receiving side accept, and notifies the sender', async () => {
    const bySender = await call('POST', `/api/referrals/${id}/accept`, sender, {});
    expect(bySender.statusCode).toBe(403);
    expect(bySender.json().message).toContain('紹介先');
    const accepted = await call('POST', `/api/referrals/${id}/accept`, supporter, {});
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toMatchObject({ state: 'accepted', relation: 'recipient' });
    expect(await notificationsOf(senderId, 'referral.accepted', id)).toBe(1);
    const again = await call('POST', `/api/referrals/${id}/decline`, supporter, { reason: 'no_capacity' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('invalid_transition');
  });

  it('keeps a thread between the two sides, encrypted, each side notified', async () => {
    const posted = await call('POST', `/api/referrals/${id}/messages`, supporter, {
      body: '初回面談の日程を調整させてください。',
    });
    expect(posted.statusCode).toBe(201);
    const reply = await call('POST', `/api/referrals/${id}/messages`, sender, {
      body: '来週の火曜はいかがでしょう。',
    });
    expect(reply.json().items.map((m: { body: string }) => m.body)).toEqual([
      '初回面談の日程を調整させてください。',
      '来週の火曜はいかがでしょう。',
    ]);
    expect(await notificationsOf(senderId, 'referral.message', id)).toBe(1);
    expect(await notificationsOf(supporterId, 'referral.message', id)).toBe(1);
    const raw = (await q(`SELECT body_ciphertext FROM referral_messages WHERE referral_id = $1`, [id])).rows;
    expect(raw.every((m) => !m.body_ciphertext.includes('面談'))).toBe(true);
    for (const body of [{ body: '' }, { body: 'x'.repeat(4001) }, { body: 3 }, { body: 'x', extra: 1 }])
      expect((await call('POST', `/api/referrals/${id}/messages`, sender, body)).statusCode).toBe(400);
  });

  it('completes with an outcome; the retention period starts', async () => {
    const vague = await call('POST', `/api/referrals/${id}/complete`, sender, { outcome: 'other' });
    expect(vague.statusCode).toBe(400);
    expect(
      (await call('POST', `/api/referrals/${id}/complete`, sender, { outcome: 'moved_away' })).statusCode,
    ).toBe(400);
    const done = await call('POST', `/api/referrals/${id}/complete`, supporter, {
      outcome: 'service_started',
      text: '翌月から月2回の利用開始',
    });
    expect(done.statusCode).toBe(200);
    const body = done.json() as ReferralDetail;
    expect(body).toMatchObject({ state: 'completed', outcome: { outcome: 'service_started' } });
    expect(body.endedAt).not.toBeNull();
    const years = (Date.parse(body.familyEraseDueAt!) - Date.parse(body.endedAt!)) / (365.25 * 86_400_000);
    expect(Math.round(years)).toBe(3);
    expect(await notificationsOf(senderId, 'referral.completed', id)).toBe(1);
    expect(body.history.filter((h) => h.kind === 'state').map((h) => `${h.from}→${h.to}`)).toEqual([
      'draft→sent',
      'sent→accepted',
      'accepted→completed',
    ]);
    expect((await call('POST', `/api/referrals/${id}/cancel`, sender, {})).statusCode).toBe(409);
  });
});

describe('declines, cancellations and drafts', () => {
  it('records a decline for lack of capacity for the resource-gap view', async () => {
    const r = await sentReferral();
    expect(
      (await call('POST', `/api/referrals/${r.id}/decline`, supporter, { reason: 'other' })).statusCode,
    ).toBe(400);
    const before = await t.count('referral_declines');
    const res = await call('POST', `/api/referrals/${r.id}/decline`, supporter, {
      reason: 'no_capacity',
      text: '今月は満床です',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      state: 'declined',
      decline: { reason: 'no_capacity', text: '今月は満床です' },
    });
    expect(await notificationsOf(senderId, 'referral.declined', r.id)).toBe(1);
    const gap = (
      await q(
        `SELECT area_code, care_types, service_type, reason, at FROM referral_declines WHERE referral_id = $1`,
        [r.id],
      )
    ).rows;
    expect(gap).toEqual([
      {
        area_code: '31-west',
        care_types: ['ventilator', 'tracheostomy'],
        service_type: 'short_stay',
        reason: 'no_capacity',
        at: expect.any(Date),
      },
    ]);
    const outside = await sentReferral();
    await call('POST', `/api/referrals/${outside.id}/decline`, supporter, { reason: 'outside_area' });
    expect(await t.count('referral_declines')).toBe(before + 1);
  });

  it('lets the sender cancel from draft, sent or accepted, and nobody else', async () => {
    const d = (await call('POST', '/api/referrals', sender, draft())).json();
    expect((await call('POST', `/api/referrals/${d.id}/cancel`, sender, {})).json().state).toBe('cancelled');
    const s = await sentReferral();
    expect((await call('POST', `/api/referrals/${s.id}/cancel`, supporter, {})).statusCode).toBe(403);
    const cancelled = await call('POST', `/api/referrals/${s.id}/cancel`, sender, { text: '家族の都合' });
    expect(cancelled.json()).toMatchObject({ state: 'cancelled' });
    expect(await notificationsOf(supporterId, 'referral.cancelled', s.id)).toBe(1);
    const a = await sentReferral();
    await call('POST', `/api/referrals/${a.id}/accept`, supporter, {});
    expect((await call('POST', `/api/referrals/${a.id}/cancel`, sender, {})).json().state).toBe('cancelled');
  });

  it('edits a draft; choosing another recipient clears a consent that does not cover it', async () => {
    const d = (await call('POST', '/api/referrals', sender, { ...draft(), consent: consent() })).json();
    expect(d.consent.coversRecipient).toBe(true);
    const moved = await call('PATCH', `/api/referrals/${d.id}`, sender, {
      recipientUserId: peerId,
      resourceId: null,
      need: '転居に伴う相談支援の引き継ぎ',
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({
      recipientType: 'coordinator',
      recipientUser: { id: peerId },
      resource: null,
      consent: null,
      need: '転居に伴う相談支援の引き継ぎ',
    });
    expect((await call('POST', `/api/referrals/${d.id}/send`, sender, {})).json().code).toBe(
      'consent_required',
    );
    await call('POST', `/api/referrals/${d.id}/consent`, sender, consent(peerId, 'coordinator'));
    const sent = await call('POST', `/api/referrals/${d.id}/send`, sender, {});
    expect(sent.json().state).toBe('sent');
    // The coordinator referred to receives it; the supporter's organisation does not.
    expect((await call('GET', `/api/referrals/${d.id}`, peer)).json().relation).toBe('recipient');
    expect((await call('GET', `/api/referrals/${d.id}`, supporter)).statusCode).toBe(404);
    expect((await call('POST', `/api/referrals/${d.id}/accept`, peer, {})).json().state).toBe('accepted');
  });

  it('lists mine by direction and state', async () => {
    const sent = (await call('GET', '/api/referrals?direction=sent&pageSize=100', sender)).json();
    expect(sent.items.every((r: { sender: { id: string } }) => r.sender.id === senderId)).toBe(true);
    const declined = (await call('GET', '/api/referrals?state=declined&state=cancelled', sender)).json();
    expect(declined.items.every((r: { state: string }) => ['declined', 'cancelled'].includes(r.state))).toBe(
      true,
    );
    expect(declined.total).toBeGreaterThanOrEqual(3);
    const received = (await call('GET', '/api/referrals?direction=received', sender)).json();
    expect(received.items.every((r: { relation: string }) => r.relation === 'recipient')).toBe(true);
    expect((await call('GET', '/api/referrals?state=lost', sender)).statusCode).toBe(400);
  });
});

describe('bad input and roles', () => {
  it('refuses bad bodies with a readable 4xx and writes nothing', async () => {
    const before = await referralCounts();
    const bad: [object, number][] = [
      [{ ...draft(), secret: 1 }, 400],
      [{ ...draft(), careTypes: ['flying'] }, 400],
      [{ ...draft(), urgency: 'whenever' }, 400],
      [{ ...draft(), ageBand: 'ancient' }, 400],
      [{ ...draft(), need: 42 }, 400],
      [{ ...draft(), need: 'x'.repeat(4001) }, 400],
      [{ ...draft(), family: { ...FAMILY, name: 'x'.repeat(101) } }, 400],
      [{ ...draft(), family: { ...FAMILY, ssn: '1' } }, 400],
      [{ ...draft(), area: '99-nowhere' }, 400],
      [{ ...draft(), recipientUserId: peerId }, 400],
      [{ ...draft(), resourceId: '00000000-0000-4000-8000-000000000000' }, 400],
      [{ ...draft(), resourceId: null, recipientUserId: senderId }, 400],
      [{ ...draft(), resourceId: null, recipientUserId: supporterId }, 400],
      [{ ...draft(), resourceId: orphanResourceId }, 422],
      [{ ...draft(), consent: { ...consent(), date: '2024-02-30' } }, 400],
    ];
    for (const [payload, status] of bad) {
      const res = await call('POST', '/api/referrals', sender, payload);
      expect(res.statusCode, JSON.stringify(payload).slice(0, 200)).toBe(status);
      expect(res.json().message).toBeTruthy();
      expect(res.json().messageEn).toBeTruthy();
    }
    expect((await call('POST', '/api/referrals/not-a-uuid/send', sender, {})).statusCode).toBe(400);
    expect(
      (await call('POST', '/api/referrals/00000000-0000-4000-8000-000000000000/send', sender, {})).statusCode,
    ).toBe(404);
    expect(await referralCounts()).toEqual(before);
  });

  it('refuses each role where it must', async () => {
    expect((await call('POST', '/api/referrals', supporter, draft())).statusCode).toBe(403);
    expect((await call('POST', '/api/referrals', centre, draft())).statusCode).toBe(403);
    expect((await call('POST', '/api/referrals', admin, draft())).statusCode).toBe(403);
    expect((await call('GET', '/api/referrals/provision-records', centre)).statusCode).toBe(403);
    expect((await call('PUT', '/api/settings/referral-retention', centre, { years: 5 })).statusCode).toBe(
      403,
    );
    expect((await call('GET', '/api/settings/referral-retention', sender)).statusCode).toBe(403);
    expect((await call('POST', '/api/referrals', null, draft())).statusCode).toBe(401);
  });
});

describe('privacy at rest and over time', () => {
  it('stores the family details encrypted: the raw column does not contain them and does not open without the key', async () => {
    const r = await sentReferral();
    const row = (
      await q(
        `SELECT family_ciphertext, row_to_json(referrals)::text AS whole FROM referrals WHERE id = $1`,
        [r.id],
      )
    ).rows[0];
    expect(row.family_ciphertext).toMatch(/^v1\./);
    for (const secret of [FAMILY.name, '架空', 'はると', FAMILY.contact, '0000-12-3456', FAMILY.address])
      expect(row.whole).not.toContain(secret);
    expect(row.whole).not.toContain(Buffer.from(FAMILY.name).toString('base64'));
    expect(() => open(randomBytes(32), row.family_ciphertext, r.id)).toThrow();
    expect(() => open(t.app.config.familyDataKey, row.family_ciphertext, 'another-referral')).toThrow();
    expect(JSON.parse(open(t.app.config.familyDataKey, row.family_ciphertext, r.id)).name).toBe(FAMILY.name);
  });

  it('flags a referral unanswered for 2 business days to both sides and the centre, once', async () => {
    // 2 business days from Friday 9 January 2026 skip the weekend and 成人の日 (Monday 12 January).
    expect(addBusinessTime(new Date('2026-01-09T10:00:00+09:00'), RESPONSE_TARGET).toISOString()).toBe(
      new Date('2026-01-14T10:00:00+09:00').toISOString(),
    );
    const r = await sentReferral();
    const fresh = await sentReferral();
    const ctx = { db: t.database.db, events: t.app.events };
    await runReferralSweep(ctx);
    expect(await notificationsOf(senderId, 'referral.overdue', r.id)).toBe(0);
    await q(
      `UPDATE referrals SET sent_at = now() - interval '5 days', response_due_at = now() - interval '1 minute' WHERE id = $1`,
      [r.id],
    );
    const first = await runReferralSweep(ctx);
    expect(first.flagged).toBe(1);
    const centreId = (await q(`SELECT id FROM users WHERE email = 'center@example.jp'`)).rows[0].id;
    for (const user of [senderId, supporterId, centreId])
      expect(await notificationsOf(user, 'referral.overdue', r.id)).toBe(1);
    expect(await notificationsOf(senderId, 'referral.overdue', fresh.id)).toBe(0);
    expect((await runReferralSweep(ctx)).flagged).toBe(0);
    const detail = (await call('GET', `/api/referrals/${r.id}`, supporter)).json();
    expect(detail.overdue).toBe(true);
    expect(detail.history.map((h: { kind: string }) => h.kind)).toContain('overdue');
    expect(
      (await call('GET', '/api/referrals?overdue=true', centre))
        .json()
        .items.map((x: { id: string }) => x.id),
    ).toContain(r.id);
  });

  it('erases the family details after the retention period, keeping the history and counts', async () => {
    const r = await sentReferral();
    await call('POST', `/api/referrals/${r.id}/messages`, sender, { body: '連絡先は上記のとおりです' });
    await call('POST', `/api/referrals/${r.id}/decline`, supporter, { reason: 'care_not_manageable' });
    const young = await sentReferral();
    await call('POST', `/api/referrals/${young.id}/cancel`, sender, {});
    const ctx = { db: t.database.db, events: t.app.events, areas: new AreaDirectory(t.database.db) };
    // Not yet: ended today.
    await runReferralSweep(ctx);
    expect((await call('GET', `/api/referrals/${r.id}/family`, sender)).statusCode).toBe(200);
    await q(`UPDATE referrals SET ended_at = now() - interval '3 years' - interval '1 day' WHERE id = $1`, [
      r.id,
    ]);
    await q(`UPDATE referrals SET ended_at = now() - interval '2 years' WHERE id = $1`, [young.id]);
    const states = (await call('GET', '/api/referrals?pageSize=100', centre)).json().total;
    const result = await runReferralSweep(ctx);
    expect(result.erased).toBe(1);
    const row = (
      await q(`SELECT family_ciphertext, family_erased_at, state FROM referrals WHERE id = $1`, [r.id])
    ).rows[0];
    expect(row).toMatchObject({ family_ciphertext: null, state: 'declined' });
    expect(row.family_erased_at).toBeInstanceOf(Date);
    expect(
      (await q(`SELECT body_ciphertext FROM referral_messages WHERE referral_id = $1`, [r.id])).rows,
    ).toEqual([{ body_ciphertext: null }]);
    const gone = await call('GET', `/api/referrals/${r.id}/family`, sender);
    expect(gone.statusCode).toBe(410);
    expect(gone.json().code).toBe('family_erased');
    const detail = (await call('GET', `/api/referrals/${r.id}`, sender)).json();
    expect(detail).toMatchObject({ state: 'declined', hasFamilyDetails: false, familyEraseDueAt: null });
    expect(detail.can.readFamily).toBe(false);
    expect(detail.history.map((h: { kind: string }) => h.kind)).toEqual(
      expect.arrayContaining(['created', 'state', 'decline_reason', 'family_erased']),
    );
    expect((await call('GET', `/api/referrals/${r.id}/messages`, supporter)).json().items[0].body).toBeNull();
    expect((await call('GET', '/api/referrals?pageSize=100', centre)).json().total).toBe(states);
    expect((await call('GET', `/api/referrals/${young.id}/family`, sender)).statusCode).toBe(200);
    // The admin shortens the retention to 1 year: the 2-year-old one goes too.
    expect((await call('PUT', '/api/settings/referral-retention', admin, { years: 1 })).json()).toEqual({
      years: 1,
    });
    expect((await call('PUT', '/api/settings/referral-retention', admin, { years: 0 })).statusCode).toBe(400);
    expect((await call('GET', '/api/settings/referral-retention', centre)).json()).toEqual({ years: 1 });
    expect((await runReferralSweep(ctx)).erased).toBe(1);
    expect((await call('GET', `/api/referrals/${young.id}/family`, sender)).statusCode).toBe(410);
    await call('PUT', '/api/settings/referral-retention', admin, { years: 3 });
  });
});

describe('GET /api/referrals/provision-records (APPI record of provision to a third party)', () => {
  it("lists what the caller's organisation provided, to whom, with consent; never the data", async () => {
    const res = await call('GET', `/api/referrals/provision-records?from=${today()}&to=${today()}`, sender);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.items.length).toBeGreaterThan(3);
    expect(body.items[0]).toMatchObject({
      sender: { id: senderId },
      consentDate: today(),
      categories: expect.arrayContaining(['name', 'contact', 'address', 'care_needs']),
    });
    expect(
      body.items.some(
        (x: { recipientOrganization: string | null; resourceName: string | null }) =>
          x.recipientOrganization && x.resourceName,
      ),
    ).toBe(true);
    expect(body.items.some((x: { recipientPerson: string | null }) => x.recipientPerson)).toBe(true);
    expect(JSON.stringify(body)).not.toContain(FAMILY.name);
    // The receiving side provided nothing.
    expect((await call('GET', '/api/referrals/provision-records', supporter)).json().items).toEqual([]);
    expect(
      (await call('GET', '/api/referrals/provision-records?from=2000-01-01&to=2000-12-31', sender)).json()
        .items,
    ).toEqual([]);
  });

  it('exports CSV for Excel (UTF-8 with a BOM)', async () => {
    const res = await call('GET', `/api/referrals/provision-records?from=${today()}&format=csv`, sender);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toContain('attachment');
    const raw = res.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = raw.toString('utf8').slice(1);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe(
      '提供日時,提供者,提供先（機関）,提供先（担当者）,提供先サービス,提供した個人データの項目,本人（家族）の同意日,同意の方法,紹介の状態,家族情報の消去日,紹介ID',
    );
    expect(lines.length).toBeGreaterThan(3);
    expect(text).toContain('書面');
    expect(text).toContain('氏名');
    expect(text).not.toContain(FAMILY.name);
  });

  it('refuses bad periods', async () => {
    for (const query of ['from=2026-13-01', 'from=2026-05-01&to=2026-04-01', 'format=pdf', 'extra=1'])
      expect((await call('GET', `/api/referrals/provision-records?${query}`, sender)).statusCode, query).toBe(
        400,
      );
  });
});
