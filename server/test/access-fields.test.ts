/**
 * Every body field of a write route that feeds an access decision (an organisation, a role, a
 * status, a membership, a participant, a recipient, a publication) is writable only by those
 * entitled to grant it. One test per entry of the README's "Fields that grant access" table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, setupApp, type TestApp } from './helper.ts';

let t: TestApp;
let coordinator: string;
let coordinatorId: string;
let coordinatorOrg: string;
let supporter: string;
let supporterOrg: string;
let centre: string;
let centreId: string;
let admin: string;
let adminId: string;
/** A coordinator of neither side's organisation: the one who would like to see more. */
let intruder: string;
let intruderId: string;
let intruderOrg: string;
let intruderEmail: string;
let peerId: string;
let resourceId: string;
let referralId: string;

const q = (text: string, params: unknown[] = []) => t.database.pool.query(text, params);
const call = (method: string, url: string, token: string, payload?: object) =>
  t.app.inject({ method: method as 'GET', url, headers: bearer(token), ...(payload ? { payload } : {}) });
const orgOf = async (userId: string) => {
  const row = (
    await q(
      `SELECT u.organization_id AS u, p.organization_id AS p FROM users u LEFT JOIN coordinator_profiles p ON p.user_id = u.id WHERE u.id = $1`,
      [userId],
    )
  ).rows[0];
  return { user: row.u as string | null, profile: row.p as string | null };
};
const auditOf = async (action: string, targetId: string) =>
  (
    await q(`SELECT actor_id, detail, at FROM audit_log WHERE action = $1 AND target_id = $2 ORDER BY id`, [
      action,
      targetId,
    ])
  ).rows as { actor_id: string | null; detail: Record<string, unknown>; at: Date }[];
const today = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
const NOWHERE = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  t = await setupApp();
  // One at a time: each staff login uses a fresh TOTP step.
  coordinator = await t.token('coordinator');
  supporter = await t.token('supporter');
  centre = await t.token('center_staff');
  admin = await t.token('admin');
  const rows = (
    await q(
      `SELECT id, email, organization_id FROM users WHERE email IN ('coordinator@example.jp', 'supporter@example.jp', 'center@example.jp', 'admin@example.jp')`,
    )
  ).rows;
  const by = (email: string) => rows.find((r) => r.email === email);
  coordinatorId = by('coordinator@example.jp').id;
  coordinatorOrg = by('coordinator@example.jp').organization_id;
  supporterOrg = by('supporter@example.jp').organization_id;
  centreId = by('center@example.jp').id;
  adminId = by('admin@example.jp').id;
  const others = (
    await q(
      `SELECT id, email, organization_id FROM users WHERE role = 'coordinator' AND organization_id NOT IN ($1, $2) ORDER BY email LIMIT 2`,
      [coordinatorOrg, supporterOrg],
    )
  ).rows;
  intruderId = others[0].id;
  intruderEmail = others[0].email;
  intruderOrg = others[0].organization_id;
  peerId = others[1].id;
  intruder = (await t.login(intruderEmail)).body.accessToken as string;
  resourceId = (
    await q(`SELECT id FROM resources WHERE organization_id = $1 AND service_type = 'short_stay' LIMIT 1`, [
      supporterOrg,
    ])
  ).rows[0].id;
  // A referral received by the supporter's organisation, with a family's details.
  const created = await call('POST', '/api/referrals', coordinator, {
    resourceId,
    need: '週末の短期入所を希望。',
    careTypes: ['ventilator'],
    family: { name: '架空 はると', contact: '0000-12-3456', address: '（架空の住所）', notes: '' },
    consent: { date: today(), method: 'written', recipientType: 'resource', recipientId: resourceId },
  });
  expect(created.statusCode).toBe(201);
  referralId = created.json().id;
  expect((await call('POST', `/api/referrals/${referralId}/send`, coordinator, {})).statusCode).toBe(200);
});
afterAll(() => t.close());

describe('organisation (users.organization_id): granted by centre staff and admins, never claimed', () => {
  it('PATCH /api/me/profile organizationId: refused for a coordinator, nothing changes, the receiving organisation’s family details stay closed', async () => {
    const before = await orgOf(intruderId);
    const res = await call('PATCH', '/api/me/profile', intruder, {
      organizationId: supporterOrg,
      accepting: true,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0]).toMatchObject({ field: 'organizationId' });
    expect(res.json().messageEn).toMatch(/ask the centre/);
    expect(await orgOf(intruderId)).toEqual(before);
    expect(before.user).toBe(intruderOrg);
    expect(await auditOf('user.organization_changed', intruderId)).toEqual([]);
    // The family's details and the organisation's resources stay out of reach.
    expect([403, 404]).toContain(
      (await call('GET', `/api/referrals/${referralId}/family`, intruder)).statusCode,
    );
    expect([403, 404]).toContain(
      (await call('POST', `/api/referrals/${referralId}/accept`, intruder, {})).statusCode,
    );
    expect([403, 404]).toContain(
      (await call('PATCH', `/api/resources/${resourceId}`, intruder, { notes: '書き換え' })).statusCode,
    );
  });

  it('PATCH /api/me/profile organizationId: refused for a supporter too (null included)', async () => {
    for (const organizationId of [intruderOrg, null]) {
      const res = await call('PATCH', '/api/me/profile', supporter, { organizationId });
      expect(res.statusCode).toBe(400);
    }
    const supporterId = (await q(`SELECT id FROM users WHERE email = 'supporter@example.jp'`)).rows[0].id;
    expect((await orgOf(supporterId)).user).toBe(supporterOrg);
  });

  it('PATCH /api/me/profile role, status: unknown fields, refused', async () => {
    for (const payload of [
      { role: 'center_staff' },
      { status: 'active' },
      { organization: { id: supporterOrg } },
    ]) {
      expect(
        (await call('PATCH', '/api/me/profile', intruder, payload)).statusCode,
        JSON.stringify(payload),
      ).toBe(400);
    }
    expect((await q(`SELECT role FROM users WHERE id = $1`, [intruderId])).rows[0].role).toBe('coordinator');
  });

  it('PATCH /api/admin/users/:id organizationId: coordinators and supporters are refused, on themselves or others', async () => {
    for (const [token, target] of [
      [intruder, intruderId],
      [intruder, peerId],
      [supporter, intruderId],
    ] as const) {
      expect(
        (await call('PATCH', `/api/admin/users/${target}`, token, { organizationId: supporterOrg }))
          .statusCode,
      ).toBe(403);
    }
    expect((await orgOf(intruderId)).user).toBe(intruderOrg);
  });

  it('PATCH /api/admin/users/:id organizationId: centre staff place a coordinator; the change is audited with who, when, before and after', async () => {
    const at = Date.now();
    const res = await call('PATCH', `/api/admin/users/${peerId}`, centre, { organizationId: coordinatorOrg });
    expect(res.statusCode).toBe(200);
    expect(res.json().organizationId).toBe(coordinatorOrg);
    expect(await orgOf(peerId)).toEqual({ user: coordinatorOrg, profile: coordinatorOrg });
    const [entry] = await auditOf('user.organization_changed', peerId);
    expect(entry).toMatchObject({ actor_id: centreId, detail: { to: coordinatorOrg, via: 'user_patch' } });
    expect(entry!.detail.from).not.toBe(coordinatorOrg);
    expect(entry!.at.getTime()).toBeGreaterThanOrEqual(at - 1000);
  });

  it('PATCH /api/admin/users/:id organizationId: not on a staff account by centre staff, not on one’s own account, not an unknown organisation', async () => {
    expect(
      (await call('PATCH', `/api/admin/users/${adminId}`, centre, { organizationId: supporterOrg }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('PATCH', `/api/admin/users/${adminId}`, admin, { organizationId: supporterOrg }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('PATCH', `/api/admin/users/${centreId}`, centre, { organizationId: supporterOrg }))
        .statusCode,
    ).toBe(403);
    const unknown = await call('PATCH', `/api/admin/users/${intruderId}`, admin, {
      organizationId: NOWHERE,
      status: 'disabled',
    });
    expect(unknown.statusCode).toBe(400);
    expect(
      (await q(`SELECT status, organization_id FROM users WHERE id = $1`, [intruderId])).rows[0],
    ).toEqual({ status: 'active', organization_id: intruderOrg });
    expect((await orgOf(adminId)).user).toBeNull();
  });

  it('POST /api/admin/invitations organizationId and role: managers only; admins alone invite admins', async () => {
    const payload = {
      email: 'placed@example.jp',
      displayName: '架空 配置',
      role: 'coordinator',
      organizationId: supporterOrg,
    };
    for (const token of [intruder, supporter])
      expect((await call('POST', '/api/admin/invitations', token, payload)).statusCode).toBe(403);
    expect(
      (await call('POST', '/api/admin/invitations', centre, { ...payload, role: 'admin' })).statusCode,
    ).toBe(403);
    expect(
      Number((await q(`SELECT count(*)::int AS n FROM users WHERE email = 'placed@example.jp'`)).rows[0].n),
    ).toBe(0);
    const ok = await call('POST', '/api/admin/invitations', centre, payload);
    expect(ok.statusCode).toBe(201);
    const [entry] = await auditOf(
      'invitation.created',
      (await q(`SELECT id FROM users WHERE email = 'placed@example.jp'`)).rows[0].id,
    );
    expect(entry).toMatchObject({
      actor_id: centreId,
      detail: { organizationId: supporterOrg, role: 'coordinator' },
    });
  });

  it('POST /api/admin/imports/coordinators (organisation column): managers only', async () => {
    const csv = '氏名,メールアドレス,所属機関\n架空 取込,imported@example.jp,架空の機関\n';
    for (const token of [intruder, supporter]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/admin/imports/coordinators?dryRun=false',
        headers: { ...bearer(token), 'content-type': 'text/csv' },
        payload: csv,
      });
      expect(res.statusCode).toBe(403);
    }
    expect(
      Number((await q(`SELECT count(*)::int AS n FROM users WHERE email = 'imported@example.jp'`)).rows[0].n),
    ).toBe(0);
  });
});

describe('role and status (users.role, users.status)', () => {
  it('PATCH /api/admin/users/:id role: admins only; the change is audited with before and after', async () => {
    expect(
      (await call('PATCH', `/api/admin/users/${intruderId}`, intruder, { role: 'center_staff' })).statusCode,
    ).toBe(403);
    expect(
      (await call('PATCH', `/api/admin/users/${intruderId}`, centre, { role: 'supporter' })).statusCode,
    ).toBe(403);
    expect(
      (await call('PATCH', `/api/admin/users/${adminId}`, admin, { role: 'coordinator' })).statusCode,
    ).toBe(403);
    expect((await q(`SELECT role FROM users WHERE id = $1`, [intruderId])).rows[0].role).toBe('coordinator');
    expect(await auditOf('user.role_changed', intruderId)).toEqual([]);
    const ok = await call('PATCH', `/api/admin/users/${peerId}`, admin, { role: 'supporter' });
    expect(ok.statusCode).toBe(200);
    expect(await auditOf('user.role_changed', peerId)).toEqual([
      expect.objectContaining({ actor_id: adminId, detail: { from: 'coordinator', to: 'supporter' } }),
    ]);
    await call('PATCH', `/api/admin/users/${peerId}`, admin, { role: 'coordinator' });
  });

  it('PATCH /api/admin/users/:id status: centre staff for coordinators and supporters, audited; never by the user', async () => {
    expect(
      (await call('PATCH', `/api/admin/users/${intruderId}`, intruder, { status: 'active' })).statusCode,
    ).toBe(403);
    expect(
      (await call('PATCH', `/api/admin/users/${adminId}`, centre, { status: 'disabled' })).statusCode,
    ).toBe(403);
    const ok = await call('PATCH', `/api/admin/users/${peerId}`, centre, { status: 'disabled' });
    expect(ok.statusCode).toBe(200);
    expect(await auditOf('user.status_changed', peerId)).toEqual([
      expect.objectContaining({ actor_id: centreId, detail: { from: 'active', to: 'disabled' } }),
    ]);
    await call('PATCH', `/api/admin/users/${peerId}`, centre, { status: 'active' });
  });
});

describe('organisation requests: asked by the user, decided by the centre', () => {
  it('a coordinator cannot approve their own request; centre staff approve and the organisation follows, audited', async () => {
    const asked = await call('POST', '/api/organization-requests', intruder, {
      organizationId: supporterOrg,
      note: '異動しました',
    });
    expect(asked.statusCode).toBe(201);
    const id = asked.json().id;
    expect((await call('POST', `/api/organization-requests/${id}/approve`, intruder, {})).statusCode).toBe(
      403,
    );
    expect((await call('POST', `/api/organization-requests/${id}/approve`, supporter, {})).statusCode).toBe(
      403,
    );
    expect((await orgOf(intruderId)).user).toBe(intruderOrg);
    expect([403, 404]).toContain(
      (await call('GET', `/api/referrals/${referralId}/family`, intruder)).statusCode,
    );
    const approved = await call('POST', `/api/organization-requests/${id}/approve`, centre, {});
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      state: 'approved',
      decidedBy: centreId,
      to: { id: supporterOrg },
    });
    expect(await orgOf(intruderId)).toEqual({ user: supporterOrg, profile: supporterOrg });
    expect(await auditOf('user.organization_changed', intruderId)).toEqual([
      expect.objectContaining({
        actor_id: centreId,
        detail: { from: intruderOrg, to: supporterOrg, via: 'organization_request' },
      }),
    ]);
    // Granted, the membership opens what it should: the positive side of the first test.
    expect((await call('GET', `/api/referrals/${referralId}/family`, intruder)).statusCode).toBe(200);
    // Decided once: a second decision is refused.
    expect(
      (await call('POST', `/api/organization-requests/${id}/reject`, centre, { reason: '重複' })).statusCode,
    ).toBe(409);
    // Put back, for the tests that follow.
    expect(
      (await call('PATCH', `/api/admin/users/${intruderId}`, admin, { organizationId: intruderOrg }))
        .statusCode,
    ).toBe(200);
  });

  it('one pending request per user: the partial unique index refuses a second, even when sent at once', async () => {
    // PostgreSQL: a real race of five requests. Embedded PGlite has one backend that
    // pglite-socket shares between connections without isolating transactions (pglite#1046),
    // so there the five go one after the other; the index below is what holds in both.
    const send = () =>
      call('POST', '/api/organization-requests', intruder, { organizationId: coordinatorOrg });
    const results =
      t.database.driver === 'postgres'
        ? await Promise.all(Array.from({ length: 5 }, send))
        : [await send(), await send(), await send()];
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, ...results.slice(1).map(() => 409)]);
    expect(
      Number(
        (
          await q(
            `SELECT count(*)::int AS n FROM organization_requests WHERE user_id = $1 AND state = 'pending'`,
            [intruderId],
          )
        ).rows[0].n,
      ),
    ).toBe(1);
    await expect(
      q(`INSERT INTO organization_requests (user_id, to_organization_id) VALUES ($1, $2)`, [
        intruderId,
        supporterOrg,
      ]),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('someone else’s request cannot be withdrawn (404); centre staff reject with a reason the user sees', async () => {
    const [mine] = (await call('GET', '/api/organization-requests/mine', intruder)).json().items;
    expect(mine).toMatchObject({ state: 'pending', can: { cancel: true, decide: false } });
    expect(
      (await call('POST', `/api/organization-requests/${mine.id}/cancel`, coordinator, {})).statusCode,
    ).toBe(404);
    expect((await call('GET', '/api/organization-requests', intruder)).statusCode).toBe(403);
    const pending = (await call('GET', '/api/organization-requests', centre)).json().items;
    expect(pending.map((r: { id: string }) => r.id)).toContain(mine.id);
    expect(
      (await call('POST', `/api/organization-requests/${mine.id}/reject`, centre, { reason: '' })).statusCode,
    ).toBe(400);
    const rejected = await call('POST', `/api/organization-requests/${mine.id}/reject`, centre, {
      reason: '所属先に確認できませんでした',
    });
    expect(rejected.statusCode).toBe(200);
    expect((await call('GET', '/api/organization-requests/mine', intruder)).json().items[0]).toMatchObject({
      state: 'rejected',
      reason: '所属先に確認できませんでした',
    });
    expect((await orgOf(intruderId)).user).toBe(intruderOrg);
  });

  it('refuses an unknown organisation, the current one, and staff requesters, writing nothing', async () => {
    const before = await t.count('organization_requests');
    expect(
      (await call('POST', '/api/organization-requests', intruder, { organizationId: NOWHERE })).statusCode,
    ).toBe(400);
    expect(
      (await call('POST', '/api/organization-requests', intruder, { organizationId: intruderOrg }))
        .statusCode,
    ).toBe(400);
    expect(
      (await call('POST', '/api/organization-requests', centre, { organizationId: supporterOrg })).statusCode,
    ).toBe(403);
    expect(await t.count('organization_requests')).toBe(before);
  });
});

describe("a resource's organisation (resources.organization_id)", () => {
  it('POST /api/resources organizationId: a coordinator or supporter adds only to their own organisation', async () => {
    const resource = {
      serviceType: 'short_stay',
      name: '架空の短期入所',
      municipalities: [],
      careAccepted: [],
    };
    expect(
      (await call('POST', '/api/resources', supporter, { ...resource, organizationId: intruderOrg }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('POST', '/api/resources', intruder, { ...resource, organizationId: supporterOrg }))
        .statusCode,
    ).toBe(403);
    expect(
      Number((await q(`SELECT count(*)::int AS n FROM resources WHERE name = '架空の短期入所'`)).rows[0].n),
    ).toBe(0);
  });

  it('PATCH /api/resources/:id organizationId: not writable by anyone; another organisation’s entry is not editable', async () => {
    expect(
      (await call('PATCH', `/api/resources/${resourceId}`, supporter, { organizationId: intruderOrg }))
        .statusCode,
    ).toBe(400);
    expect(
      (await call('PATCH', `/api/resources/${resourceId}`, centre, { organizationId: intruderOrg }))
        .statusCode,
    ).toBe(400);
    expect([403, 404]).toContain(
      (await call('PATCH', `/api/resources/${resourceId}`, intruder, { notes: '上書き' })).statusCode,
    );
    expect(
      (await q(`SELECT organization_id FROM resources WHERE id = $1`, [resourceId])).rows[0].organization_id,
    ).toBe(supporterOrg);
  });

  it('POST and PATCH /api/organizations: centre staff and admins only', async () => {
    for (const token of [intruder, supporter]) {
      expect(
        (await call('POST', '/api/organizations', token, { name: '架空', type: 'other' })).statusCode,
      ).toBe(403);
      expect(
        (await call('PATCH', `/api/organizations/${supporterOrg}`, token, { name: '乗っ取り' })).statusCode,
      ).toBe(403);
    }
  });
});

describe("a referral's recipient (who reads the family's details)", () => {
  it('PATCH /api/referrals/:id resourceId / recipientUserId: only the sender, only while a draft', async () => {
    expect([403, 404]).toContain(
      (await call('PATCH', `/api/referrals/${referralId}`, supporter, { recipientUserId: peerId }))
        .statusCode,
    );
    expect([403, 404]).toContain(
      (await call('PATCH', `/api/referrals/${referralId}`, intruder, { recipientUserId: intruderId }))
        .statusCode,
    );
    expect(
      (await call('PATCH', `/api/referrals/${referralId}`, coordinator, { recipientUserId: intruderId }))
        .statusCode,
    ).toBe(409);
    expect(
      (
        await q(`SELECT recipient_organization_id, recipient_user_id FROM referrals WHERE id = $1`, [
          referralId,
        ])
      ).rows[0],
    ).toEqual({ recipient_organization_id: supporterOrg, recipient_user_id: null });
  });

  it('POST /api/referrals/:id/consent recipientId: must name the referral’s recipient', async () => {
    const draft = await call('POST', '/api/referrals', coordinator, {
      resourceId,
      need: '相談',
      family: { name: '架空 こはる', contact: '', address: '', notes: '' },
    });
    const res = await call('POST', `/api/referrals/${draft.json().id}/consent`, coordinator, {
      date: today(),
      method: 'written',
      recipientType: 'coordinator',
      recipientId: intruderId,
    });
    expect([400, 422]).toContain(res.statusCode);
    expect(
      (await call('POST', `/api/referrals/${draft.json().id}/send`, coordinator, {})).statusCode,
    ).not.toBe(200);
  });
});

describe('consultation participants and triage (who reads a case)', () => {
  let id: string;
  beforeAll(async () => {
    const res = await call('POST', '/api/consultations', coordinator, {
      title: '呼吸器の児の短期入所先',
      categories: ['resource_shortage'],
      ageBand: 'preschool',
      careTypes: ['ventilator'],
      area: '31-west',
      tried: '圏域内に問い合わせた。',
      asked: '受け入れ実績のある事業所を知りたい。',
      urgency: 'normal',
    });
    expect(res.statusCode).toBe(201);
    id = res.json().id;
  });

  it('PATCH /api/consultations/:id inviteUserIds, assigneeId, priority: centre staff only; the author and others are refused', async () => {
    for (const payload of [
      { inviteUserIds: [intruderId] },
      { assigneeId: centreId },
      { priority: 'urgent' },
      { removeUserIds: [intruderId] },
    ]) {
      expect(
        (await call('PATCH', `/api/consultations/${id}`, coordinator, payload)).statusCode,
        JSON.stringify(payload),
      ).toBe(403);
      expect([403, 404]).toContain(
        (await call('PATCH', `/api/consultations/${id}`, intruder, payload)).statusCode,
      );
    }
    expect(
      Number(
        (await q(`SELECT count(*)::int AS n FROM consultation_participants WHERE consultation_id = $1`, [id]))
          .rows[0].n,
      ),
    ).toBe(0);
    expect((await call('GET', `/api/consultations/${id}`, intruder)).statusCode).toBe(404);
  });

  it('POST /api/consultations/:id/replies internal: centre staff only (the author never sees internal notes)', async () => {
    expect(
      (
        await call('POST', `/api/consultations/${id}/replies`, coordinator, {
          body: '補足です。',
          internal: true,
        })
      ).statusCode,
    ).toBe(403);
    expect(
      Number(
        (
          await q(
            `SELECT count(*)::int AS n FROM consultation_replies WHERE consultation_id = $1 AND internal`,
            [id],
          )
        ).rows[0].n,
      ),
    ).toBe(0);
  });

  it('POST /api/case-reports consultationId: only one’s own consultation (or the centre); POST /api/case-reports/:id/review decision: centre staff only', async () => {
    expect(
      (
        await call('POST', '/api/case-reports', intruder, {
          consultationId: id,
          title: '架空',
          summary: '架空',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await call('POST', `/api/case-reports/${NOWHERE}/review`, coordinator, { decision: 'publish' }))
        .statusCode,
    ).toBe(403);
  });
});

describe('conversation members (who reads a conversation)', () => {
  it('POST /api/conversations kind channel: centre staff only; POST /api/conversations/:id/members: the group’s creator or admins only', async () => {
    expect(
      (await call('POST', '/api/conversations', intruder, { kind: 'channel', name: '架空チャンネル' }))
        .statusCode,
    ).toBe(403);
    const group = await call('POST', '/api/conversations', coordinator, {
      kind: 'group',
      name: '架空の会',
      memberIds: [peerId],
    });
    expect(group.statusCode).toBe(201);
    const gid = group.json().id;
    expect([403, 404]).toContain(
      (await call('POST', `/api/conversations/${gid}/members`, intruder, { userIds: [intruderId] }))
        .statusCode,
    );
    expect([403, 404]).toContain(
      (await call('POST', `/api/conversations/${gid}/join`, intruder, {})).statusCode,
    );
    expect(
      Number(
        (
          await q(
            `SELECT count(*)::int AS n FROM conversation_members WHERE conversation_id = $1 AND user_id = $2`,
            [gid, intruderId],
          )
        ).rows[0].n,
      ),
    ).toBe(0);
  });
});

describe('settings', () => {
  it('PUT /api/settings/response-targets and /api/settings/referral-retention: admins only', async () => {
    for (const token of [intruder, supporter, centre]) {
      expect((await call('PUT', '/api/settings/response-targets', token, {})).statusCode).toBe(403);
      expect((await call('PUT', '/api/settings/referral-retention', token, {})).statusCode).toBe(403);
    }
  });
});

// Keep `coordinatorId` used: the sender is the demo coordinator.
it('the referral under test was sent by the demo coordinator', async () => {
  expect((await q(`SELECT sender_id FROM referrals WHERE id = $1`, [referralId])).rows[0].sender_id).toBe(
    coordinatorId,
  );
});
