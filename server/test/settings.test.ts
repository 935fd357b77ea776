import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@tsunagu/shared';
import { addBusinessTime, isBusinessDay } from '../src/features/consultations/business-clock.ts';
import { freshClosureDays } from '../src/features/consultations/closure-calendar.ts';
import { bearer, setupApp, type TestApp } from './helper.ts';

// Settings (issue 9/10): admins change response targets and closure days, centre staff read
// them; the business clock skips the closure days an admin sets through the API.

let t: TestApp;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  t = await setupApp();
  for (const role of ['coordinator', 'supporter', 'center_staff', 'admin'] as const)
    tokens[role] = await t.token(role);
});
afterAll(async () => t?.close());

const call = (method: string, url: string, role: Role | null, payload?: object) =>
  t.app.inject({
    method: method as 'GET',
    url,
    ...(role ? { headers: bearer(tokens[role]) } : {}),
    ...(payload ? { payload } : {}),
  });

const jst = (s: string) => new Date(`${s}+09:00`);
const jstDay = (d: Date) => new Date(+d + 9 * 3_600_000).toISOString().slice(0, 10);

describe('GET /api/settings', () => {
  it('admins may change everything; centre staff read only; others are refused', async () => {
    const admin = await call('GET', '/api/settings', 'admin');
    expect(admin.statusCode).toBe(200);
    expect(admin.json()).toMatchObject({
      can: { editResponseTargets: true, editClosureDays: true },
      yearEndClosure: { from: '12-29', to: '01-03' },
      closureDays: [],
    });
    const centre = await call('GET', '/api/settings', 'center_staff');
    expect(centre.json().can).toEqual({ editResponseTargets: false, editClosureDays: false });
    for (const role of ['coordinator', 'supporter'] as const)
      expect((await call('GET', '/api/settings', role)).statusCode).toBe(403);
    expect((await call('GET', '/api/settings', null)).statusCode).toBe(401);
  });
});

describe('closure days', () => {
  it('an admin closes a day: the business clock skips it; opening it again restores the day', async () => {
    // Wednesday 2027-02-10; Thursday 02-11 is 建国記念の日.
    expect(isBusinessDay(jst('2027-02-10T10:00:00'))).toBe(true);
    const added = await call('POST', '/api/settings/closure-days', 'admin', {
      date: '2027-02-10',
      note: '研修',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ date: '2027-02-10', note: '研修', can: { remove: true } });
    // The clock reads the days again on the next use (as a request that needs it does).
    await freshClosureDays(t.database.db);
    expect(isBusinessDay(jst('2027-02-10T10:00:00'))).toBe(false);
    expect(addBusinessTime(jst('2027-02-09T16:00:00'), { unit: 'hours', amount: 2 })).toEqual(
      jst('2027-02-12T10:00:00'),
    );
    const seen = await call('GET', '/api/settings', 'center_staff');
    expect(seen.json().closureDays).toEqual([
      expect.objectContaining({ date: '2027-02-10', note: '研修', can: { remove: false } }),
    ]);
    const audited = await t.database.pool.query(
      `SELECT actor_id FROM audit_log WHERE action = 'settings.closure_day_added' AND target_id = '2027-02-10'`,
    );
    expect(audited.rowCount).toBe(1);

    expect((await call('DELETE', '/api/settings/closure-days/2027-02-10', 'admin')).statusCode).toBe(204);
    // The clock reads the days again on the next use (as a request that needs it does).
    await freshClosureDays(t.database.db);
    expect(isBusinessDay(jst('2027-02-10T10:00:00'))).toBe(true);
    expect(addBusinessTime(jst('2027-02-09T16:00:00'), { unit: 'hours', amount: 2 })).toEqual(
      jst('2027-02-10T10:00:00'),
    );
    expect((await call('DELETE', '/api/settings/closure-days/2027-02-10', 'admin')).statusCode).toBe(404);
  });

  it('a consultation posted before a closure day gets its due date after it', async () => {
    // The next business day after today (JST), closed by the admin through the API.
    let probe = jst(`${jstDay(new Date())}T12:00:00`);
    do probe = new Date(+probe + 86_400_000);
    while (!isBusinessDay(probe));
    const closed = jstDay(probe);
    expect((await call('POST', '/api/settings/closure-days', 'admin', { date: closed })).statusCode).toBe(
      201,
    );
    const posted = await call('POST', '/api/consultations', 'coordinator', {
      title: '休業日をまたぐ相談',
      categories: ['service_coordination'],
      ageBand: 'preschool',
      careTypes: ['ventilator'],
      area: '31-west',
      livingSituation: '両親と本児の3人暮らし。',
      tried: '圏域内の事業所に問い合わせた。',
      asked: '受け入れ実績のある事業所の情報がほしい。',
      body: '気管切開あり。',
      urgency: 'high',
    });
    expect(posted.statusCode).toBe(201);
    const due = new Date(posted.json().firstResponseDueAt as string);
    expect(jstDay(due)).not.toBe(closed);
    expect(jstDay(due) > closed).toBe(true);
    expect(isBusinessDay(due)).toBe(true);
    expect((await call('DELETE', `/api/settings/closure-days/${closed}`, 'admin')).statusCode).toBe(204);
  });

  it('refuses a day twice (409), for non-admins (403) and bad dates (400), writing nothing', async () => {
    expect(
      (await call('POST', '/api/settings/closure-days', 'admin', { date: '2027-03-03' })).statusCode,
    ).toBe(201);
    const twice = await call('POST', '/api/settings/closure-days', 'admin', { date: '2027-03-03' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().message).toContain('休業日');
    for (const role of ['coordinator', 'supporter', 'center_staff'] as const) {
      expect(
        (await call('POST', '/api/settings/closure-days', role, { date: '2027-03-04' })).statusCode,
      ).toBe(403);
      expect((await call('DELETE', '/api/settings/closure-days/2027-03-03', role)).statusCode).toBe(403);
      expect(
        (
          await call(
            'PUT',
            '/api/settings/response-targets',
            role,
            (await call('GET', '/api/settings', 'admin')).json().responseTargets,
          )
        ).statusCode,
      ).toBe(403);
    }
    for (const date of ['2027-02-31', '2027-13-01', '27-03-04', ''])
      expect((await call('POST', '/api/settings/closure-days', 'admin', { date })).statusCode).toBe(400);
    expect(
      (await call('POST', '/api/settings/closure-days', 'admin', { date: '2027-03-05', extra: 1 }))
        .statusCode,
    ).toBe(400);
    expect((await call('DELETE', '/api/settings/closure-days/2027-02-30', 'admin')).statusCode).toBe(400);
    expect((await call('DELETE', '/api/settings/closure-days/tomorrow', 'admin')).statusCode).toBe(400);
    const { rows } = await t.database.pool.query(`SELECT date::text FROM closure_days ORDER BY date`);
    expect(rows.map((r: { date: string }) => r.date)).toEqual(['2027-03-03']);
  });
});
