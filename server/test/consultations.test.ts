import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@tsunagu/db';
import { bearer, setupApp, type TestApp } from './helper.ts';

let t: TestApp;
let coordinator: string;
let other: string;
let centre: string;
let expertId: string;
let expert: string;
beforeAll(async () => {
  t = await setupApp();
  coordinator = await t.token('coordinator');
  centre = await t.token('center_staff');
  other = (await t.login('coordinator2@example.jp')).body.accessToken as string;
  const expertLogin = await t.login('coordinator3@example.jp');
  expert = expertLogin.body.accessToken as string;
  expertId = (expertLogin.body.user as { id: string }).id;
});
afterAll(() => t.close());

const call = (method: string, url: string, token: string | null, payload?: object) =>
  t.app.inject({
    method: method as 'GET',
    url,
    ...(token ? { headers: bearer(token) } : {}),
    ...(payload ? { payload } : {}),
  });

const validCase = {
  title: '人工呼吸器を使う4歳児の短期入所先が見つからない',
  categories: ['resource_shortage', 'service_coordination'],
  ageBand: 'preschool',
  careTypes: ['ventilator', 'tracheostomy'],
  area: '31-west',
  livingSituation: '両親と本児の3人暮らし。母が主介護者で、夜間の吸引で睡眠がとれていない。',
  tried: '圏域内の短期入所2か所に問い合わせたが、呼吸器対応は不可との回答。',
  asked: '圏域外も含めて、呼吸器の児を受け入れた実績のある事業所の情報がほしい。',
  body: '胃ろうからの注入あり。気管切開あり。',
  urgency: 'high',
};

describe('POST /api/consultations/pii-check', () => {
  it('finds a phone number with its character offsets', async () => {
    const text = '母の連絡先は090-1234-5678です';
    const res = await call('POST', '/api/consultations/pii-check', coordinator, { text });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ findings: [{ kind: 'phone', start: 6, end: 19 }] });
  });
  it('leaves clinical text alone', async () => {
    const res = await call('POST', '/api/consultations/pii-check', coordinator, {
      text: '胃ろうからの注入。気管切開あり。',
    });
    expect(res.json().findings).toEqual([]);
  });
  it('finds e-mail addresses and identifying numbers (受給者証, 保険証, カルテ)', async () => {
    const text = '母 yui.mama＠gmail.com、受給者証番号1234567890、被保険者番号12345678、カルテ番号：00123456';
    const res = await call('POST', '/api/consultations/pii-check', coordinator, { text });
    expect(res.statusCode).toBe(200);
    const found = (res.json().findings as { kind: string; start: number; end: number }[]).map((f) => [
      f.kind,
      [...text].slice(f.start, f.end).join(''),
    ]);
    expect(found).toEqual([
      ['email', 'yui.mama＠gmail.com'],
      ['certificate_number', '1234567890'],
      ['insurance_number', '12345678'],
      ['medical_record_number', '00123456'],
    ]);
  });
  it('refuses a post whose only personal data is a certificate number, and writes nothing', async () => {
    const bad = await call('POST', '/api/consultations', coordinator, {
      ...validCase,
      tried: '受給者番号：０１２３４５６７で事業所に照会した。',
    });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().findings).toEqual([
      expect.objectContaining({ field: 'tried', kind: 'certificate_number' }),
    ]);
    expect(await t.count('consultations')).toBe(0);
  });
  it('refuses without a token and with unknown fields', async () => {
    expect((await call('POST', '/api/consultations/pii-check', null, { text: 'x' })).statusCode).toBe(401);
    expect(
      (await call('POST', '/api/consultations/pii-check', coordinator, { text: 'x', extra: 1 })).statusCode,
    ).toBe(400);
  });
});

describe('the consultation life cycle', () => {
  let id: string;

  it('refuses a post with personal data, naming where; accepts it fixed', async () => {
    const bad = await call('POST', '/api/consultations', coordinator, {
      ...validCase,
      body: 'ゆいちゃんの母（090-1234-5678）から相談',
    });
    expect(bad.statusCode).toBe(422);
    const body = bad.json();
    expect(body.code).toBe('pii_found');
    expect(body.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'body', kind: 'name' }),
        expect.objectContaining({ field: 'body', kind: 'phone' }),
      ]),
    );
    expect(await t.count('consultations')).toBe(0);
    const ok = await call('POST', '/api/consultations', coordinator, validCase);
    expect(ok.statusCode).toBe(201);
    id = ok.json().id;
    expect(ok.json()).toMatchObject({ status: 'new', priority: 'high', relation: 'author', area: '31-west' });
    expect(ok.json().firstResponseDueAt).not.toBeNull();
  });

  it('lets the author override a false alarm with a reason the centre sees', async () => {
    const res = await call('POST', '/api/consultations', coordinator, {
      ...validCase,
      title: '田中さん（担当保健師）との連携について',
      piiOverride: { reason: '田中さんは支援者の名前で、子どもではありません' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().piiOverride).toBeNull();
    const asCentre = await call('GET', `/api/consultations/${res.json().id}`, centre);
    expect(asCentre.json().piiOverride).toMatchObject({
      reason: '田中さんは支援者の名前で、子どもではありません',
      findings: [expect.objectContaining({ field: 'title', kind: 'name' })],
    });
  });

  it('keeps drafts without checks, then posts them with checks', async () => {
    const draft = await call('POST', '/api/consultations', coordinator, { title: '下書き', draft: true });
    expect(draft.statusCode).toBe(201);
    expect(draft.json().status).toBe('draft');
    const draftId = draft.json().id;
    expect((await call('GET', `/api/consultations/${draftId}`, centre)).statusCode).toBe(404);
    const incomplete = await call('PUT', `/api/consultations/${draftId}/draft`, coordinator, {
      draft: false,
    });
    expect(incomplete.statusCode).toBe(400);
    expect(incomplete.json().details.map((d: { field: string }) => d.field)).toEqual(
      expect.arrayContaining(['categories', 'asked', 'ageBand', 'area']),
    );
    const posted = await call('PUT', `/api/consultations/${draftId}/draft`, coordinator, {
      ...validCase,
      draft: false,
    });
    expect(posted.statusCode).toBe(200);
    expect(posted.json().status).toBe('new');
    expect(
      (await call('PUT', `/api/consultations/${draftId}/draft`, coordinator, { title: 'again' })).statusCode,
    ).toBe(409);
  });

  it('hides a consultation from an unrelated coordinator (404), and from supporters and admins (403)', async () => {
    expect((await call('GET', `/api/consultations/${id}`, other)).statusCode).toBe(404);
    expect((await call('PATCH', `/api/consultations/${id}`, other, { status: 'closed' })).statusCode).toBe(
      404,
    );
    expect((await call('POST', `/api/consultations/${id}/replies`, other, { body: 'x' })).statusCode).toBe(
      404,
    );
    expect((await call('GET', '/api/consultations', other)).json().total).toBe(0);
    for (const role of ['supporter', 'admin'] as const) {
      expect((await call('GET', `/api/consultations/${id}`, await t.token(role))).statusCode).toBe(403);
      expect((await call('GET', '/api/consultations', await t.token(role))).statusCode).toBe(403);
    }
  });

  it('the centre sees the queue, suggests experts and triages: priority, assignee, invited expert', async () => {
    const queue = await call('GET', '/api/consultations?status=new', centre);
    expect(queue.json().total).toBeGreaterThanOrEqual(3);
    expect(queue.json().items[0]).toHaveProperty('responseMinutesLeft');
    const suggestions = await call('GET', `/api/consultations/${id}/suggested-experts`, centre);
    expect(suggestions.statusCode).toBe(200);
    expect(suggestions.json().items.length).toBeGreaterThan(0);
    expect(suggestions.json().items[0]).toMatchObject({ sameArea: true });
    expect((await call('GET', `/api/consultations/${id}/suggested-experts`, coordinator)).statusCode).toBe(
      403,
    );
    const me = (await call('GET', '/api/auth/me', centre)).json();
    const triage = await call('PATCH', `/api/consultations/${id}`, centre, {
      status: 'triaged',
      priority: 'urgent',
      assigneeId: me.id,
      inviteUserIds: [expertId],
    });
    expect(triage.statusCode).toBe(200);
    expect(triage.json()).toMatchObject({ status: 'triaged', priority: 'urgent', assignee: { id: me.id } });
    expect(triage.json().participants.map((p: { id: string }) => p.id)).toEqual([expertId]);
    expect(triage.json().history.map((h: { kind: string }) => h.kind)).toEqual(
      expect.arrayContaining(['status', 'priority', 'assignee', 'invited']),
    );
    // Each caller is told what they may do with it: the centre triages, the author and the invited expert reply.
    expect(triage.json().can).toMatchObject({
      triage: true,
      assign: true,
      invite: true,
      redact: true,
      edit: false,
    });
    const seenByExpert = await call('GET', `/api/consultations/${id}`, expert);
    expect(seenByExpert.json().can).toMatchObject({ reply: true, triage: false, redact: false, edit: false });
    const seenByAuthor = (await call('GET', `/api/consultations/${id}`, coordinator)).json();
    expect(seenByAuthor.can).toMatchObject({ reply: true, triage: false, edit: false, close: false });
    // The invited expert sees this consultation only.
    expect(seenByExpert.statusCode).toBe(200);
    expect((await call('GET', '/api/consultations', expert)).json().total).toBe(1);
    const authorTriage = await call('PATCH', `/api/consultations/${id}`, coordinator, { priority: 'low' });
    expect(authorTriage.statusCode).toBe(403);
  });

  it('internal notes stay with the centre; replies reach the author, who is notified', async () => {
    const unreadBefore = (await call('GET', '/api/notifications/unread-count', coordinator)).json().unread;
    const noteRes = await call('POST', `/api/consultations/${id}/replies`, centre, {
      body: '内部メモ：呼吸器対応の事業所は東部に1か所あり',
      internal: true,
    });
    expect(noteRes.statusCode).toBe(201);
    expect(
      (await call('POST', `/api/consultations/${id}/replies`, coordinator, { body: 'x', internal: true }))
        .statusCode,
    ).toBe(403);
    const asAuthor = await call('GET', `/api/consultations/${id}`, coordinator);
    expect(asAuthor.json().replies.filter((r: { internal: boolean }) => r.internal)).toHaveLength(0);
    expect(JSON.stringify(asAuthor.json())).not.toContain('内部メモ');
    expect(JSON.stringify((await call('GET', `/api/consultations/${id}`, expert)).json())).not.toContain(
      '内部メモ',
    );
    const expertReply = await call('POST', `/api/consultations/${id}/replies`, expert, {
      body: '以前、東部の事業所で受け入れ実績がありました。',
    });
    expect(expertReply.statusCode).toBe(201);
    const answer = await call('POST', `/api/consultations/${id}/replies`, centre, {
      body: '東部圏域の短期入所で呼吸器の受け入れが可能です。調整します。',
      markAsAnswer: true,
    });
    expect(answer.statusCode).toBe(201);
    expect(answer.json().status).toBe('answered');
    expect(answer.json().firstRespondedAt).not.toBeNull();
    expect(answer.json().replies.find((r: { isAnswer: boolean }) => r.isAnswer).body).toContain('東部圏域');
    const unreadAfter = (await call('GET', '/api/notifications/unread-count', coordinator)).json().unread;
    expect(unreadAfter).toBeGreaterThan(unreadBefore);
    const list = await call('GET', '/api/notifications?unread=true', coordinator);
    expect(list.json().items.map((n: { kind: string }) => n.kind)).toEqual(
      expect.arrayContaining(['consultation.answered']),
    );
    expect((await call('POST', '/api/notifications/read-all', coordinator, {})).statusCode).toBe(200);
    expect((await call('GET', '/api/notifications/unread-count', coordinator)).json().unread).toBe(0);
  });

  it('the author reopens, the centre closes, the author reopens from closed; each change is recorded', async () => {
    expect(
      (await call('PATCH', `/api/consultations/${id}`, coordinator, { status: 'reopened' })).json().status,
    ).toBe('reopened');
    expect(
      (await call('PATCH', `/api/consultations/${id}`, centre, { status: 'closed' })).json().status,
    ).toBe('closed');
    expect(
      (await call('POST', `/api/consultations/${id}/replies`, coordinator, { body: 'もう一つ質問です' }))
        .statusCode,
    ).toBe(409);
    const invalid = await call('PATCH', `/api/consultations/${id}`, centre, { status: 'new' });
    expect(invalid.statusCode).toBe(409);
    // Closed: nobody replies or is invited until it is reopened, which only its author may do.
    const closed = (await call('GET', `/api/consultations/${id}`, coordinator)).json();
    expect(closed.can).toMatchObject({ reply: false, reopen: true, close: false, writeReport: true });
    expect(
      (await call('PATCH', `/api/consultations/${id}`, centre, { inviteUserIds: [expertId] })).statusCode,
    ).toBe(409);
    const reopened = await call('PATCH', `/api/consultations/${id}`, coordinator, { status: 'reopened' });
    expect(reopened.json().status).toBe('reopened');
    const statusHistory = reopened
      .json()
      .history.filter((h: { kind: string }) => h.kind === 'status')
      .map((h: { to: string }) => h.to);
    // The expert's reply moved it from triaged to in progress.
    expect(statusHistory).toEqual([
      'new',
      'triaged',
      'in_progress',
      'answered',
      'reopened',
      'closed',
      'reopened',
    ]);
    for (const h of reopened.json().history) expect(h.actor).not.toBeNull();
  });

  it('centre staff redact text: the original is gone from the database', async () => {
    const res = await call('POST', `/api/consultations/${id}/redact`, centre, {
      target: 'livingSituation',
      start: 0,
      end: 3,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().livingSituation.startsWith('［削除］')).toBe(true);
    const { rows } = await t.database.pool.query('SELECT living_situation FROM consultations WHERE id = $1', [
      id,
    ]);
    expect(rows[0].living_situation).not.toContain('両親と');
    expect(
      (
        await call('POST', `/api/consultations/${id}/redact`, coordinator, {
          target: 'body',
          start: 0,
          end: 1,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (await call('POST', `/api/consultations/${id}/redact`, centre, { target: 'body', start: 5, end: 5000 }))
        .statusCode,
    ).toBe(400);
  });

  it('filters and sorts the queue: overdue first', async () => {
    const late = (
      await call('POST', '/api/consultations', coordinator, {
        ...validCase,
        area: '31-central',
        urgency: 'low',
      })
    ).json();
    await t.database.db
      .update(schema.consultations)
      .set({ firstResponseDueAt: new Date(Date.now() - 3600_000) })
      .where(eq(schema.consultations.id, late.id));
    const overdue = await call('GET', '/api/consultations?overdue=true', centre);
    expect(overdue.json().total).toBe(1);
    expect(overdue.json().items[0]).toMatchObject({ id: late.id, overdue: true });
    expect(overdue.json().items[0].responseMinutesLeft).toBeLessThanOrEqual(0);
    const queue = await call('GET', '/api/consultations', centre);
    expect(queue.json().items[0].overdue).toBe(true);
    const byArea = await call('GET', '/api/consultations?area=31-east', centre);
    expect(byArea.json().total).toBe(0);
    const byCategory = await call(
      'GET',
      '/api/consultations?category=resource_shortage&priority=urgent',
      centre,
    );
    expect(byCategory.json().items.map((i: { id: string }) => i.id)).toEqual([id]);
    const mine = await call('GET', '/api/consultations?assignee=me', centre);
    expect(mine.json().items.map((i: { id: string }) => i.id)).toContain(id);
  });
});

describe('bad input answers 4xx and writes nothing', () => {
  it.each([
    [{ ...validCase, categories: ['nonsense'] }],
    [{ ...validCase, area: '31-nowhere' }],
    [{ ...validCase, area: '99-x' }],
    [{ ...validCase, ageBand: 'teen' }],
    [{ ...validCase, urgency: 'asap' }],
    [{ ...validCase, municipality: '31202' }],
    [{ ...validCase, title: 'あ'.repeat(201) }],
    [{ ...validCase, body: 12 }],
  ])('refuses %#', async (payload) => {
    const before = await t.count('consultations');
    const res = await call('POST', '/api/consultations', coordinator, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json().message.length).toBeGreaterThan(3);
    expect(await t.count('consultations')).toBe(before);
  });

  it('refuses bad triage input', async () => {
    const created = (await call('POST', '/api/consultations', coordinator, validCase)).json();
    const other = (await call('GET', '/api/auth/me', coordinator)).json();
    for (const payload of [
      { priority: 'asap' },
      { assigneeId: other.id },
      { inviteUserIds: [other.id] },
      { assigneeId: 'nope' },
      { answerReplyId: '00000000-0000-4000-8000-000000000000' },
      { title: 'x' },
    ]) {
      const res = await call('PATCH', `/api/consultations/${created.id}`, centre, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await call('GET', '/api/consultations/not-a-uuid', centre)).statusCode).toBe(400);
    expect(
      (await call('GET', '/api/consultations/00000000-0000-4000-8000-000000000000', centre)).statusCode,
    ).toBe(404);
  });
});

describe('response targets', () => {
  it('admins set them; centre staff read; coordinators are refused', async () => {
    const admin = await t.token('admin');
    const targets = {
      urgent: { unit: 'hours', amount: 2 },
      high: { unit: 'days', amount: 1 },
      normal: { unit: 'days', amount: 2 },
      low: { unit: 'days', amount: 5 },
    };
    expect((await call('PUT', '/api/settings/response-targets', admin, targets)).statusCode).toBe(200);
    expect((await call('GET', '/api/settings/response-targets', centre)).json()).toEqual(targets);
    expect((await call('PUT', '/api/settings/response-targets', centre, targets)).statusCode).toBe(403);
    expect((await call('GET', '/api/settings/response-targets', coordinator)).statusCode).toBe(403);
    expect(
      (
        await call('PUT', '/api/settings/response-targets', admin, {
          ...targets,
          low: { unit: 'weeks', amount: 1 },
        })
      ).statusCode,
    ).toBe(400);
  });
});
