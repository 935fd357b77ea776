import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, setupApp, snapshot, type TestApp } from './helper.ts';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

describe('organisations', () => {
  it('lists and searches organisations for any signed-in user', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/organizations?q=${encodeURIComponent('訪問看護')}`,
      headers: bearer(await t.token('coordinator')),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().total).toBeGreaterThan(0);
    for (const o of res.json().items) expect(o.name).toContain('訪問看護');
    // A member reads; only the centre may edit.
    for (const o of res.json().items) expect(o.can).toEqual({ edit: false });
    const asCentre = await t.app.inject({
      method: 'GET',
      url: `/api/organizations/${res.json().items[0].id}`,
      headers: bearer(await t.token('center_staff')),
    });
    expect(asCentre.json().can).toEqual({ edit: true });
  });

  it('centre staff create and edit; the directory follows a rename', async () => {
    const centre = bearer(await t.token('center_staff'));
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/organizations',
      headers: centre,
      payload: {
        name: '架空こども相談室',
        kana: 'かくうこどもそうだんしつ',
        type: 'consultation_office',
        municipalityCode: '31202',
        phone: '0000-00-0000',
      },
    });
    expect(created.statusCode).toBe(201);
    const org = created.json();
    const dup = await t.app.inject({
      method: 'POST',
      url: '/api/organizations',
      headers: centre,
      payload: { name: '架空こども相談室', type: 'consultation_office', municipalityCode: '31202' },
    });
    expect(dup.statusCode).toBe(409);
    const coordinator = bearer(await t.token('coordinator'));
    // The centre places the coordinator in the organisation (a user cannot claim one).
    const coordinatorId = (
      await t.database.pool.query(`SELECT id FROM users WHERE email = 'coordinator@example.jp'`)
    ).rows[0].id;
    const placed = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${coordinatorId}`,
      headers: centre,
      payload: { organizationId: org.id },
    });
    expect(placed.statusCode).toBe(200);
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/organizations/${org.id}`,
      headers: centre,
      payload: { name: '架空みらい相談室' },
    });
    expect(renamed.statusCode).toBe(200);
    const found = await t.app.inject({
      method: 'GET',
      url: `/api/coordinators?q=${encodeURIComponent('みらい相談室')}`,
      headers: coordinator,
    });
    expect(found.json().total).toBe(1);
  });

  it('coordinators and supporters cannot create or edit', async () => {
    for (const role of ['coordinator', 'supporter'] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/organizations',
        headers: bearer(await t.token(role)),
        payload: { name: '架空', type: 'other' },
      });
      expect(res.statusCode).toBe(403);
    }
  });

  it('refuses bad input with 400 and writes nothing', async () => {
    const centre = bearer(await t.token('admin'));
    const before = await snapshot(t);
    for (const payload of [
      { name: '', type: 'other' },
      { name: '架空', type: 'castle' },
      { name: '架空', type: 'other', municipalityCode: '13101' },
      { name: '架空', type: 'other', website: 'javascript:alert(1)' },
      { name: '架空', type: 'other', extra: 1 },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/organizations', headers: centre, payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: '/api/organizations/00000000-0000-4000-8000-000000000000',
          headers: centre,
          payload: { name: 'x' },
        })
      ).statusCode,
    ).toBe(404);
    expect(await snapshot(t)).toEqual(before);
  });
});
