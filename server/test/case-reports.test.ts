import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, setupApp, type TestApp } from './helper.ts';

let t: TestApp;
let coordinator: string;
let centre: string;
let consultationId: string;
beforeAll(async () => {
  t = await setupApp();
  coordinator = await t.token('coordinator');
  centre = await t.token('center_staff');
  const posted = await t.app.inject({
    method: 'POST',
    url: '/api/consultations',
    headers: bearer(coordinator),
    payload: {
      title: '就学先の調整',
      categories: ['school_transition'],
      ageBand: 'preschool',
      careTypes: ['suction'],
      area: '31-east',
      asked: '看護師配置の調整方法',
      urgency: 'normal',
    },
  });
  consultationId = posted.json().id;
});
afterAll(() => t.close());

const call = (method: string, url: string, token: string | null, payload?: object) =>
  t.app.inject({
    method: method as 'GET',
    url,
    ...(token ? { headers: bearer(token) } : {}),
    ...(payload ? { payload } : {}),
  });

const report = {
  title: '吸引が必要な児の就学：看護師配置までの調整',
  summary: '就学前年の夏から教育委員会・学校・訪問看護で協議を重ね、校内での吸引を看護師が担う体制を整えた。',
  whatWorked: '早めの多職種会議と、主治医の指示書の準備。',
  categories: ['school_transition'],
  careTypes: ['suction'],
  ageBand: 'preschool',
  area: '31-east',
};

describe('case reports', () => {
  it('cannot be written before the consultation is answered', async () => {
    const res = await call('POST', '/api/case-reports', coordinator, { ...report, consultationId });
    expect(res.statusCode).toBe(409);
  });

  it('an author writes one for review; only published reports are found by others', async () => {
    await call('POST', `/api/consultations/${consultationId}/replies`, centre, {
      body: '教育委員会と調整しました。',
      markAsAnswer: true,
    });
    const created = await call('POST', '/api/case-reports', coordinator, { ...report, consultationId });
    expect(created.statusCode).toBe(201);
    expect(created.json().status).toBe('in_review');
    expect(created.json().can).toEqual({ edit: true, review: false, publish: false });
    const id = created.json().id;
    expect((await call('GET', `/api/case-reports/${id}`, centre)).json().can).toEqual({
      edit: true,
      review: true,
      publish: true,
    });
    const other = (await t.login('coordinator2@example.jp')).body.accessToken as string;
    expect((await call('GET', `/api/case-reports/${id}`, other)).statusCode).toBe(404);
    expect((await call('GET', `/api/case-reports?q=${encodeURIComponent('就学')}`, other)).json().total).toBe(
      0,
    );
    const returned = await call('POST', `/api/case-reports/${id}/review`, centre, {
      decision: 'return',
      comment: '学校名が推測できないよう表現を調整してください',
    });
    expect(returned.json().status).toBe('returned');
    expect(
      (await call('POST', `/api/case-reports/${id}/review`, coordinator, { decision: 'publish' })).statusCode,
    ).toBe(403);
    const resubmitted = await call('PATCH', `/api/case-reports/${id}`, coordinator, {
      summary: `${report.summary}（表現を調整）`,
      submit: true,
    });
    expect(resubmitted.json().status).toBe('in_review');
    const published = await call('POST', `/api/case-reports/${id}/review`, centre, { decision: 'publish' });
    expect(published.json().status).toBe('published');
    // Published: the author may no longer edit it; the centre may neither publish again nor return it.
    expect((await call('GET', `/api/case-reports/${id}`, coordinator)).json().can).toEqual({
      edit: false,
      review: false,
      publish: false,
    });
    expect((await call('GET', `/api/case-reports/${id}`, other)).json().can.edit).toBe(false);
    expect(published.json().can).toEqual({ edit: true, review: false, publish: false });
    expect((await call('PATCH', `/api/case-reports/${id}`, coordinator, { title: '変更' })).statusCode).toBe(
      403,
    );
    for (const decision of ['publish', 'return'])
      expect(
        (await call('POST', `/api/case-reports/${id}/review`, centre, { decision, comment: '再確認' }))
          .statusCode,
      ).toBe(409);
    const found = await call(
      'GET',
      `/api/case-reports?q=${encodeURIComponent('看護師配置')}&careType=suction&area=31-east&ageBand=preschool`,
      other,
    );
    expect(found.json().items.map((r: { id: string }) => r.id)).toEqual([id]);
    expect(
      (
        await call('GET', `/api/case-reports?q=${encodeURIComponent('就学')}&careType=ventilator`, other)
      ).json().total,
    ).toBe(0);
    expect((await call('GET', `/api/case-reports/${id}`, await t.token('supporter'))).statusCode).toBe(200);
  });

  it('refuses personal data in a report, and bad input', async () => {
    const before = await t.count('case_reports');
    const pii = await call('POST', '/api/case-reports', centre, {
      ...report,
      summary: 'ゆいちゃん（2019年5月3日生まれ）の事例',
    });
    expect(pii.statusCode).toBe(422);
    expect(pii.json().findings.length).toBe(2);
    for (const payload of [
      { ...report, categories: ['x'] },
      { ...report, title: '' },
      { ...report, area: '31-x' },
      { ...report, status: 'published' },
    ]) {
      expect((await call('POST', '/api/case-reports', centre, payload)).statusCode).toBe(400);
    }
    expect((await call('POST', '/api/case-reports', await t.token('supporter'), report)).statusCode).toBe(
      403,
    );
    expect((await call('POST', '/api/case-reports', null, report)).statusCode).toBe(401);
    expect(await t.count('case_reports')).toBe(before);
  });
});
