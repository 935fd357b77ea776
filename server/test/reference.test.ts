import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRegionFile } from '@tsunagu/db';
import type { RegionFile } from '@tsunagu/shared';
import { setupApp, type TestApp } from './helper.ts';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

describe('GET /api/areas and /api/vocabularies', () => {
  it('lists Tottori: three 圏域 and 19 municipalities with JIS codes', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/areas' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.prefecture).toMatchObject({ code: '31', name: '鳥取県' });
    expect(body.areas.map((a: { code: string }) => a.code)).toEqual(['31-east', '31-central', '31-west']);
    expect(body.areas.flatMap((a: { municipalities: unknown[] }) => a.municipalities)).toHaveLength(19);
    expect(body.areas[2].municipalities[0]).toEqual({ code: '31202', name: '米子市', kana: 'よなごし' });
  });

  it('refuses unknown query fields', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/areas?x=1' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].field).toBe('x');
  });

  it('gives every vocabulary with ja and en labels', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/vocabularies' });
    const body = res.json();
    expect(body.qualifications).toContainEqual({ code: 'nurse', ja: '看護師', en: 'Nurse' });
    expect(body.medicalCareTypes.map((c: { code: string }) => c.code)).toContain('ventilator');
    expect(Object.keys(body)).toHaveLength(9);
  });

  it('loads another prefecture file without code changes', async () => {
    const other: RegionFile = {
      prefecture: { code: '32', name: '島根県', nameEn: 'Shimane' },
      areas: [
        {
          code: '32-test',
          name: 'テスト圏域',
          nameEn: 'Test area',
          municipalities: [{ code: '32201', name: '架空市', kana: 'かくうし' }],
        },
      ],
    };
    await loadRegionFile(t.database.db, other);
    const token = await t.token('coordinator');
    t.app.areaDirectory.invalidate();
    const after = await t.app.inject({
      method: 'GET',
      url: '/api/coordinators?area=32-test',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(after.statusCode).toBe(200);
    expect(after.json().total).toBe(0);
    const areas = (await t.app.inject({ method: 'GET', url: '/api/areas' })).json();
    expect(areas.areas.map((a: { code: string }) => a.code)).toContain('32-test');
  });
});
