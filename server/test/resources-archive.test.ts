import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '@tsunagu/shared';
import { bearer, setupApp, type TestApp } from './helper.ts';

let t: TestApp;
let coordinator: string;
let supporter: string;
let centre: string;
let own: Resource;
let others: Resource;

const call = (method: string, url: string, token: string | null, payload?: object) =>
  t.app.inject({
    method: method as 'GET',
    url,
    ...(token ? { headers: bearer(token) } : {}),
    ...(payload ? { payload } : {}),
  });
const found = async (q: string, token = coordinator) =>
  (
    (await call('GET', `/api/resources?pageSize=100&q=${encodeURIComponent(q)}`, token)).json() as {
      items: Resource[];
    }
  ).items;
const q = (text: string, params: unknown[] = []) => t.database.pool.query(text, params);

beforeAll(async () => {
  t = await setupApp();
  coordinator = await t.token('coordinator');
  supporter = await t.token('supporter');
  centre = await t.token('center_staff');
  const supporterOrg = (await q(`SELECT organization_id FROM users WHERE email = 'supporter@example.jp'`))
    .rows[0].organization_id;
  const all = (await call('GET', '/api/resources?pageSize=100', supporter)).json().items as Resource[];
  own = all.find((r) => r.organization.id === supporterOrg && r.serviceType === 'short_stay')!;
  others = all.find((r) => r.organization.id !== supporterOrg)!;
});
afterAll(() => t.close());

describe('closing (archiving) a resource', () => {
  it('refuses another organisation’s supporter (403) and bad ids (400/404), changing nothing', async () => {
    const before = await t.count('resource_revisions');
    expect((await call('POST', `/api/resources/${others.id}/archive`, supporter, {})).statusCode).toBe(403);
    expect((await call('POST', '/api/resources/not-a-uuid/archive', centre, {})).statusCode).toBe(400);
    expect(
      (await call('POST', '/api/resources/00000000-0000-4000-8000-000000000000/archive', centre, {}))
        .statusCode,
    ).toBe(404);
    expect((await call('POST', `/api/resources/${own.id}/archive`, supporter, { why: 1 })).statusCode).toBe(
      400,
    );
    expect((await call('POST', `/api/resources/${own.id}/archive`, null, {})).statusCode).toBe(401);
    expect(await t.count('resource_revisions')).toBe(before);
  });

  it('lets its own supporter close it, keeping an open referral to it going', async () => {
    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    const created = await call('POST', '/api/referrals', coordinator, {
      resourceId: own.id,
      need: '週末の1泊2日の短期入所を月2回希望。',
      careTypes: ['ventilator'],
      ageBand: 'preschool',
      area: '31-west',
      urgency: 'high',
      family: { name: '架空 はると', contact: '0000-12-3456（母）', address: '米子市（架空）', notes: '' },
      consent: { date: today, method: 'written', recipientType: 'resource', recipientId: own.id },
    });
    expect(created.statusCode).toBe(201);
    const referral = await call('POST', `/api/referrals/${created.json().id}/send`, coordinator, {});
    expect(referral.statusCode).toBe(200);
    const stateBefore = referral.json().state;

    const res = await call('POST', `/api/resources/${own.id}/archive`, supporter, {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      archivedAt: expect.any(String),
      can: { edit: false, confirm: false, archive: false, unarchive: true, refer: false },
    });
    expect((await q(`SELECT action FROM audit_log WHERE target_id = $1`, [own.id])).rows).toEqual(
      expect.arrayContaining([{ action: 'resource.archived' }]),
    );
    // Out of search (and so of the referral recipients), still readable by link.
    expect((await found(own.name)).map((r) => r.id)).not.toContain(own.id);
    const read = await call('GET', `/api/resources/${own.id}`, coordinator);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ archivedAt: expect.any(String), can: { refer: false } });
    // Published as HSDS with the status of a closed service.
    expect((await call('GET', `/api/hsds/services/${own.id}`, null)).json().status).toBe('defunct');
    // The referral sent before is untouched.
    const after = await call('GET', `/api/referrals/${referral.json().id}`, coordinator);
    expect(after.statusCode).toBe(200);
    expect(after.json().state).toBe(stateBefore);
    // A new family cannot be referred to it: refused with the reason, nothing written.
    const before = await q('SELECT count(*)::int AS n FROM referrals');
    const refused = await call('POST', '/api/referrals', coordinator, {
      resourceId: own.id,
      need: '閉鎖後の紹介は受け付けられないことの確認。',
      careTypes: ['ventilator'],
      ageBand: 'preschool',
      area: '31-west',
      urgency: 'normal',
      family: { name: '架空 あおい', contact: '0000-00-0000', address: '米子市（架空）', notes: '' },
      consent: { date: today, method: 'written', recipientType: 'resource', recipientId: own.id },
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().message).toContain('閉鎖');
    expect((await q('SELECT count(*)::int AS n FROM referrals')).rows).toEqual(before.rows);
  });

  it('refuses closing twice, editing or confirming while closed (409)', async () => {
    expect((await call('POST', `/api/resources/${own.id}/archive`, centre, {})).json().code).toBe(
      'invalid_transition',
    );
    const patch = await call('PATCH', `/api/resources/${own.id}`, supporter, { notes: 'x' });
    expect(patch.statusCode).toBe(409);
    expect(patch.json().message).toContain('閉鎖');
    expect((await call('POST', `/api/resources/${own.id}/confirm`, supporter, {})).statusCode).toBe(409);
  });

  it('of two concurrent closes, one wins', async () => {
    await call('POST', `/api/resources/${own.id}/unarchive`, centre, {});
    const [a, b] = await Promise.all([
      call('POST', `/api/resources/${own.id}/archive`, supporter, {}),
      call('POST', `/api/resources/${own.id}/archive`, centre, {}),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
  });

  it('reopens: back in search, history says who closed and reopened it', async () => {
    expect((await call('POST', `/api/resources/${others.id}/unarchive`, centre, {})).statusCode).toBe(409);
    const res = await call('POST', `/api/resources/${own.id}/unarchive`, supporter, {});
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ archivedAt: null, can: { edit: true, archive: true } });
    expect((await found(own.name)).map((r) => r.id)).toContain(own.id);
    expect((await call('GET', `/api/hsds/services/${own.id}`, null)).json().status).toBe('active');
    const history = (await call('GET', `/api/resources/${own.id}/history`, supporter)).json().items;
    expect(history.slice(0, 3).map((h: { action: string }) => h.action)).toEqual([
      'unarchived',
      'archived',
      'unarchived',
    ]);
  });
});

describe('search by the organisation’s current name', () => {
  it('finds a renamed organisation’s resources by the new name, not the old', async () => {
    const oldName = others.organization.name;
    const renamed = await call('PATCH', `/api/organizations/${others.organization.id}`, centre, {
      name: '架空つばさ療育ステーション',
    });
    expect(renamed.statusCode).toBe(200);
    expect((await found('つばさ療育ステーション')).map((r) => r.id)).toContain(others.id);
    // Katakana and full-width forms match as before.
    expect((await found('ツバサ療育')).map((r) => r.id)).toContain(others.id);
    expect(
      (await found(oldName)).filter((r) => r.organization.id === others.organization.id).map((r) => r.id),
    ).not.toContain(others.id);
  });
});
