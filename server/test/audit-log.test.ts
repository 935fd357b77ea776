import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { Role } from '@tsunagu/shared';
import { bearer, setupApp, type TestApp } from './helper.ts';

// The audit log page (issue 10): admins read it with filters and download it as CSV.

let t: TestApp;
const tokens = {} as Record<Role, string>;
let adminId: string;

beforeAll(async () => {
  t = await setupApp();
  for (const role of ['coordinator', 'supporter', 'center_staff', 'admin'] as const)
    tokens[role] = await t.token(role);
  adminId = (await t.database.pool.query(`SELECT id FROM users WHERE email = 'admin@example.jp'`)).rows[0].id;
  // Two known entries, one dated in the past.
  await t.database.pool.query(
    `INSERT INTO audit_log (at, actor_id, action, target_type, target_id, detail) VALUES
       ('2026-01-05T01:00:00Z', $1, 'settings.test_old', 'closure_day', '2026-01-05', '{"note":"古い"}'),
       ('2026-01-06T01:00:00Z', $1, 'settings.test_new', 'closure_day', '2026-01-06', '{"familyName":"架空 家族","count":2}')`,
    [adminId],
  );
});
afterAll(async () => t?.close());

const get = (url: string, role: Role | null) =>
  t.app.inject({ method: 'GET', url, ...(role ? { headers: bearer(tokens[role]) } : {}) });

describe('GET /api/audit-log', () => {
  it('lists newest first with the actor named, filtered by actor, action, target and JST dates', async () => {
    const all = await get('/api/audit-log?pageSize=5', 'admin');
    expect(all.statusCode).toBe(200);
    expect(all.json().items.length).toBeGreaterThan(0);
    const ats = all.json().items.map((e: { at: string }) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);

    const prefix = await get('/api/audit-log?action=settings.', 'admin');
    expect(prefix.json().items.map((e: { action: string }) => e.action)).toEqual([
      'settings.test_new',
      'settings.test_old',
    ]);
    expect(prefix.json().items[0].actor).toMatchObject({ id: adminId, role: 'admin' });
    const exact = await get('/api/audit-log?action=settings.test_old', 'admin');
    expect(exact.json().total).toBe(1);
    // 2026-01-06T01:00Z is 10:00 on the 6th in Tokyo: a filter to the 5th excludes it.
    const byDay = await get(`/api/audit-log?actorId=${adminId}&from=2026-01-05&to=2026-01-05`, 'admin');
    expect(byDay.json().items.map((e: { action: string }) => e.action)).toEqual(['settings.test_old']);
    const byTarget = await get('/api/audit-log?targetType=closure_day&targetId=2026-01-06', 'admin');
    expect(byTarget.json().total).toBe(1);
    const page2 = await get('/api/audit-log?action=settings.&pageSize=1&page=2', 'admin');
    expect(page2.json()).toMatchObject({ total: 2, page: 2, pageSize: 1 });
    expect(page2.json().items[0].action).toBe('settings.test_old');
    // A % typed in the filter is a character, not a wildcard.
    expect((await get('/api/audit-log?action=%25.', 'admin')).json().total).toBe(0);
  });

  it('lists the actions recorded', async () => {
    const res = await get('/api/audit-log/actions', 'admin');
    expect(res.statusCode).toBe(200);
    expect(res.json().items).toEqual(expect.arrayContaining(['settings.test_new', 'settings.test_old']));
  });

  it('refuses every other role (403), no token (401) and bad filters (400)', async () => {
    for (const role of ['coordinator', 'supporter', 'center_staff'] as const)
      for (const url of ['/api/audit-log', '/api/audit-log.csv', '/api/audit-log/actions'])
        expect((await get(url, role)).statusCode).toBe(403);
    expect((await get('/api/audit-log', null)).statusCode).toBe(401);
    for (const q of [
      'actorId=x',
      'from=2026-02-30',
      'from=yesterday',
      'from=2026-02-02&to=2026-02-01',
      'pageSize=1000',
      'who=1',
    ])
      expect((await get(`/api/audit-log?${q}`, 'admin')).statusCode, q).toBe(400);
  });
});

describe('GET /api/audit-log.csv', () => {
  it('answers the filtered log as CSV for Excel: UTF-8 with a BOM, a header, Japanese intact', async () => {
    const res = await get('/api/audit-log.csv?action=settings.', 'admin');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="audit-log-.*\.csv"/);
    expect(res.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = parse(res.rawPayload.toString('utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows.map((r) => r.action)).toEqual(['settings.test_new', 'settings.test_old']);
    expect(rows[1]).toMatchObject({ actor_id: adminId, actor_role: 'admin', target_id: '2026-01-05' });
    expect(JSON.parse(rows[1]!.detail!)).toEqual({ note: '古い' });
    expect((await get('/api/audit-log.csv?to=2026-13-01', 'admin')).statusCode).toBe(400);
    // The export is itself recorded.
    const exported = await get('/api/audit-log?action=audit.exported', 'admin');
    expect(exported.json().items[0]).toMatchObject({ actor: { id: adminId }, detail: { rows: 2 } });
  });

  it('never shows a family detail, even one slipped into a row', async () => {
    const page = await get('/api/audit-log?action=settings.test_new', 'admin');
    expect(page.json().items[0].detail).toEqual({ count: 2 });
    const csv = (await get('/api/audit-log.csv?action=settings.test_new', 'admin')).body;
    expect(csv).toContain('settings.test_new');
    expect(csv).not.toContain('架空 家族');
  });
});
