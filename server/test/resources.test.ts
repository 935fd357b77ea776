import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource, ResourceImportReport } from '@tsunagu/shared';
import { bearer, setupApp, type TestApp } from './helper.ts';

let t: TestApp;
let coordinator: string;
let supporter: string;
let centre: string;
let admin: string;
let supporterOrg: string;
let otherOrgResource: Resource;
let ownResource: Resource;

beforeAll(async () => {
  t = await setupApp();
  coordinator = await t.token('coordinator');
  supporter = await t.token('supporter');
  centre = await t.token('center_staff');
  admin = await t.token('admin');
  supporterOrg = (
    await t.database.pool.query(`SELECT organization_id FROM users WHERE email = 'supporter@example.jp'`)
  ).rows[0].organization_id;
});
afterAll(() => t.close());

const call = (method: string, url: string, token: string | null, payload?: object) =>
  t.app.inject({
    method: method as 'GET',
    url,
    ...(token ? { headers: bearer(token) } : {}),
    ...(payload ? { payload } : {}),
  });
const search = async (query: string, token = coordinator) => {
  const res = await call('GET', `/api/resources?${query}`, token);
  return {
    status: res.statusCode,
    body: res.json() as { items: Resource[]; total: number; page: number; pageSize: number },
  };
};
const counts = async () => ({
  resources: await t.count('resources'),
  revisions: await t.count('resource_revisions'),
  organizations: await t.count('organizations'),
});

describe('GET /api/resources: search by medical-care capability', () => {
  it('finds a short stay in 西部 that accepts a ventilator and tracheostomy for a 4-year-old', async () => {
    const { status, body } = await search(
      'area=31-west&serviceType=short_stay&careType=ventilator&careType=tracheostomy&age=4&pageSize=100',
    );
    expect(status).toBe(200);
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.length).toBe(body.total);
    for (const r of body.items) {
      expect(r.areas).toContain('31-west');
      expect(r.serviceType).toBe('short_stay');
      expect(r.careTypes).toEqual(expect.arrayContaining(['ventilator', 'tracheostomy']));
      expect(r.ageMin ?? 0).toBeLessThanOrEqual(4);
      expect(r.ageMax ?? 99).toBeGreaterThanOrEqual(4);
      for (const c of r.careAccepted.filter((c) => ['ventilator', 'tracheostomy'].includes(c.code))) {
        expect(c.minAge ?? 0).toBeLessThanOrEqual(4);
        expect(c.maxAge ?? 99).toBeGreaterThanOrEqual(4);
      }
    }
    // The demo supporter's own short stay is among them, available and editable by its staff.
    const own = body.items.find((r) => r.organization.id === supporterOrg);
    expect(own).toBeDefined();
    ownResource = own!;
    expect(own!.capacity).toBe('available');
  });

  it("respects each care type's own age range: ventilator from 6 only is found for 8, not for 4", async () => {
    const at4 = await search('area=31-west&serviceType=short_stay&careType=ventilator&age=4&pageSize=100');
    const at8 = await search('area=31-west&serviceType=short_stay&careType=ventilator&age=8&pageSize=100');
    const restricted = (items: Resource[]) =>
      items.filter((r) => r.careAccepted.some((c) => c.code === 'ventilator' && c.minAge === 6));
    expect(restricted(at4.body.items)).toEqual([]);
    expect(restricted(at8.body.items).length).toBeGreaterThan(0);
    // Without the care type, the per-care-type range does not apply (the service takes 3–18).
    const anyCare = await search('area=31-west&serviceType=short_stay&age=4&pageSize=100');
    expect(restricted(anyCare.body.items).length).toBeGreaterThan(0);
  });

  it('requires every care type asked for', async () => {
    const both = await search('careType=ventilator&careType=dialysis&pageSize=100');
    expect(both.body.total).toBeGreaterThan(0);
    for (const r of both.body.items)
      expect(r.careTypes).toEqual(expect.arrayContaining(['ventilator', 'dialysis']));
    const one = await search('careType=ventilator&pageSize=100');
    expect(one.body.total).toBeGreaterThan(both.body.total);
  });

  it('filters by capacity, municipality and free text; pages', async () => {
    const waitlist = await search('capacity=waitlist&pageSize=100');
    expect(waitlist.body.total).toBeGreaterThan(0);
    expect(waitlist.body.items.every((r) => r.capacity === 'waitlist' && r.waitEstimate !== null)).toBe(true);
    const yonago = await search('municipality=31202&pageSize=100');
    expect(yonago.body.items.every((r) => r.municipalities.includes('31202'))).toBe(true);
    const text = await search(`q=${encodeURIComponent('訪問看護')}`);
    expect(text.body.total).toBeGreaterThan(0);
    const kana = await search(`q=${encodeURIComponent('タンキ')}`);
    expect(kana.body.total).toBeGreaterThan(0);
    const page2 = await search('pageSize=5&page=2');
    expect(page2.body).toMatchObject({ page: 2, pageSize: 5 });
    expect(page2.body.items.length).toBe(5);
    expect((await search(`q=${encodeURIComponent('存在しないサービス名')}`)).body.total).toBe(0);
  });

  it('marks entries not confirmed for 90 days as stale, and filters on it', async () => {
    const all = await search('pageSize=100');
    const stale = all.body.items.filter((r) => r.stale);
    expect(stale.length).toBeGreaterThan(0);
    for (const r of all.body.items)
      expect(r.stale).toBe(Date.now() - Date.parse(r.confirmedAt) > 90 * 86_400_000);
    const onlyStale = await search('stale=true&pageSize=100');
    expect(onlyStale.body.total).toBe(stale.length);
  });

  it('refuses bad filters with a readable 400', async () => {
    for (const q of [
      'careType=flying',
      'age=-1',
      'age=abc',
      'capacity=maybe',
      'serviceType=spa',
      'area=99-nowhere',
      'municipality=99999',
      'unknown=1',
      `q=${'x'.repeat(101)}`,
    ]) {
      const res = await call('GET', `/api/resources?${q}`, coordinator);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().code).toBe('validation');
      expect(res.json().message).toBeTruthy();
    }
  });

  it('needs a session', async () => {
    expect((await call('GET', '/api/resources', null)).statusCode).toBe(401);
  });
});

describe('editing resources: centre any, supporters and coordinators their own organisation', () => {
  it('lets the supporter edit their own resource, keeping the previous values', async () => {
    const res = await call('PATCH', `/api/resources/${ownResource.id}`, supporter, {
      capacity: 'waitlist',
      waitEstimate: '1_3m',
      notes: '土日は満床が続いています。',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      capacity: 'waitlist',
      waitEstimate: '1_3m',
      can: { edit: true, archive: true },
    });
    const history = await call('GET', `/api/resources/${ownResource.id}/history`, supporter);
    expect(history.statusCode).toBe(200);
    const [latest] = history.json().items;
    expect(latest).toMatchObject({ action: 'updated', actor: { displayName: '森 千尋' } });
    expect(latest.previous).toMatchObject({
      capacity: 'available',
      waitEstimate: null,
      notes: ownResource.notes,
    });
    expect(latest.changes).toMatchObject({ capacity: 'waitlist', waitEstimate: '1_3m' });
    expect(latest.previous).not.toHaveProperty('name');
  });

  it('refuses the supporter and a coordinator on another organisation’s resource (403), writing nothing', async () => {
    const { body } = await search('pageSize=100');
    otherOrgResource = body.items.find((r) => r.organization.id !== supporterOrg && !r.can.edit)!;
    expect(otherOrgResource).toBeDefined();
    expect(body.items.find((r) => r.id === ownResource.id)?.can.edit).toBe(false);
    const before = await counts();
    for (const token of [supporter, coordinator]) {
      const res = await call('PATCH', `/api/resources/${otherOrgResource.id}`, token, {
        capacity: 'not_accepting',
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().message).toContain('所属機関');
      expect(
        (await call('POST', `/api/resources/${otherOrgResource.id}/confirm`, token, {})).statusCode,
      ).toBe(403);
      expect((await call('GET', `/api/resources/${otherOrgResource.id}/history`, token)).statusCode).toBe(
        403,
      );
      expect(
        (
          await call('POST', '/api/resources', token, {
            organizationId: otherOrgResource.organization.id,
            serviceType: 'short_stay',
            name: '勝手な登録',
          })
        ).statusCode,
      ).toBe(403);
    }
    expect(await counts()).toEqual(before);
  });

  it('lets centre staff edit any resource and confirm it; confirming clears the stale mark', async () => {
    const { body } = await search('stale=true&pageSize=1');
    const stale = body.items[0]!;
    const edited = await call('PATCH', `/api/resources/${stale.id}`, centre, {
      careAccepted: [{ code: 'suction' }, { code: 'ventilator', minAge: 2, maxAge: 10 }],
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().careTypes).toEqual(['suction', 'ventilator']);
    expect(edited.json().stale).toBe(true);
    const confirmed = await call('POST', `/api/resources/${stale.id}/confirm`, centre, {});
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().stale).toBe(false);
    const history = (await call('GET', `/api/resources/${stale.id}/history`, centre)).json().items;
    expect(history.map((h: { action: string }) => h.action).slice(0, 2)).toEqual(['confirmed', 'updated']);
    expect(history[0].previous.confirmedAt).toBe(stale.confirmedAt);
    expect(history[1].previous.careAccepted).toEqual(stale.careAccepted);
    // A patch without changes writes no revision.
    const n = await t.count('resource_revisions');
    expect(
      (
        await call('PATCH', `/api/resources/${stale.id}`, centre, {
          capacity: stale.capacity,
          ...(stale.waitEstimate ? { waitEstimate: stale.waitEstimate } : {}),
        })
      ).statusCode,
    ).toBe(200);
    expect(await t.count('resource_revisions')).toBe(n);
  });

  it('creates: a supporter for their own organisation by default, centre staff for any', async () => {
    const mine = await call('POST', '/api/resources', supporter, {
      serviceType: 'daytime_temporary',
      name: '日中一時支援（架空）',
      municipalities: ['31202', '31204'],
      careAccepted: [{ code: 'tube_feeding' }, { code: 'suction', minAge: 3 }],
      ageMin: 0,
      ageMax: 18,
      capacity: 'available',
    });
    expect(mine.statusCode).toBe(201);
    expect(mine.json()).toMatchObject({
      organization: { id: supporterOrg },
      areas: ['31-west'],
      stale: false,
      can: { edit: true, history: true },
    });
    const history = (await call('GET', `/api/resources/${mine.json().id}/history`, supporter)).json().items;
    expect(history).toEqual([expect.objectContaining({ action: 'created', previous: {} })]);
    const dup = await call('POST', '/api/resources', supporter, {
      serviceType: 'daytime_temporary',
      name: '日中一時支援（架空）',
    });
    expect(dup.statusCode).toBe(409);
    const byCentre = await call('POST', '/api/resources', centre, {
      organizationId: otherOrgResource.organization.id,
      serviceType: 'nursery_visit',
      name: '保育所等訪問支援（架空）',
    });
    expect(byCentre.statusCode).toBe(201);
    expect(
      (
        await call('POST', '/api/resources', admin, {
          organizationId: otherOrgResource.organization.id,
          serviceType: 'mobility_support',
          name: '通学支援（架空）',
        })
      ).statusCode,
    ).toBe(201);
    expect((await call('GET', `/api/resources/${byCentre.json().id}`, coordinator)).json().can.edit).toBe(
      false,
    );
  });

  it('refuses bad bodies with a readable 400 and writes nothing', async () => {
    const before = await counts();
    const base = { serviceType: 'short_stay', name: '架空の短期入所' };
    const bad: [object, string][] = [
      [{ ...base, role: 'admin' }, 'role'],
      [{ ...base, serviceType: 'spa' }, 'serviceType'],
      [{ ...base, careAccepted: [{ code: 'flying' }] }, 'code'],
      [{ ...base, ageMin: '4' }, 'ageMin'],
      [{ ...base, name: 'x'.repeat(201) }, 'name'],
      [{ ...base, name: '' }, 'name'],
      [{ ...base, capacity: 'waitlist' }, 'waitEstimate'],
      [{ ...base, capacity: 'available', waitEstimate: 'over_3m' }, 'waitEstimate'],
      [{ ...base, ageMin: 10, ageMax: 3 }, 'ageMax'],
      [{ ...base, careAccepted: [{ code: 'suction' }, { code: 'suction' }] }, 'careAccepted'],
      [{ ...base, careAccepted: [{ code: 'suction', minAge: 9, maxAge: 2 }] }, 'careAccepted'],
      [{ ...base, municipalities: ['12345'] }, 'municipalities'],
      [{ ...base, municipalities: ['abc'] }, 'municipalities'],
      [{ ...base, organizationId: '00000000-0000-4000-8000-000000000000' }, 'organizationId'],
    ];
    for (const [payload, field] of bad) {
      const res = await call('POST', '/api/resources', centre, payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(JSON.stringify(res.json().details ?? res.json().message)).toContain(field);
    }
    const patch = await call('PATCH', `/api/resources/${ownResource.id}`, supporter, {
      organizationId: otherOrgResource.organization.id,
    });
    expect(patch.statusCode).toBe(400);
    expect((await call('PATCH', '/api/resources/not-a-uuid', centre, { name: 'x' })).statusCode).toBe(400);
    expect(
      (await call('PATCH', '/api/resources/00000000-0000-4000-8000-000000000000', centre, { name: 'x' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await call('GET', '/api/resources/00000000-0000-4000-8000-000000000000', coordinator)).statusCode,
    ).toBe(404);
    expect(await counts()).toEqual(before);
  });
});

describe('POST /api/resources/import (CSV)', () => {
  const header =
    '事業所名,所在市町村,サービス種別,サービス名,対象市町村,医療的ケア,対象年齢下限,対象年齢上限,受け入れ状況,待機期間,最終確認日,連絡先,備考';
  const good = [
    header,
    '架空ひかり療育園,米子市,短期入所（レスパイト）,医療型短期入所,"西部",人工呼吸器の管理(6-18)、気管切開の管理、吸引（口鼻腔・気管内）,0,18,空きあり,,2026/4/1,電話 0000-00-0000,',
    '架空ひかり療育園,米子市,child_development,児童発達支援,"米子市、境港市",tube_feeding;seizure_response,0,6,待機あり,1～3か月,,,送迎あり',
    'ほしのこ訪問看護（架空）,31201,訪問看護,,東部,ventilator;oxygen,,,available,,2026-03-15,,',
  ].join('\r\n');
  const upload = (body: Buffer | string, query = '', token = centre, contentType = 'text/csv') =>
    t.app.inject({
      method: 'POST',
      url: `/api/resources/import${query}`,
      headers: { ...bearer(token), 'content-type': contentType },
      payload: body,
    });

  it('is for centre staff and admins only', async () => {
    for (const token of [coordinator, supporter])
      expect((await upload(good, '', token)).statusCode).toBe(403);
  });

  it('reports every bad row in a dry run (line, column, reason in both languages) and writes nothing', async () => {
    const before = await counts();
    const csv = [
      header,
      '架空ひかり療育園,米子市,短期入所（レスパイト）,医療型短期入所,西部,人工呼吸器の管理,0,18,空きあり,,,,',
      ',米子市,温泉,,,,,,,,,,',
      '架空あおぞら,どこか市,short_stay,x,火星,飛行,abc,200,たぶん,,2026-13-40,,',
      '架空あおぞら2,米子市,short_stay,x,西部,,,,待機あり,,,,',
    ].join('\n');
    const res = await upload(csv);
    expect(res.statusCode).toBe(200);
    const report = res.json() as ResourceImportReport;
    expect(report).toMatchObject({ dryRun: true, encoding: 'utf-8', totalRows: 4, validRows: 1 });
    const at = (line: number) => report.errors.filter((e) => e.line === line).map((e) => e.column);
    expect(at(3)).toEqual(expect.arrayContaining(['事業所名', 'サービス種別']));
    expect(at(4)).toEqual(
      expect.arrayContaining([
        '所在市町村',
        '対象市町村',
        '医療的ケア',
        '対象年齢下限',
        '対象年齢上限',
        '受け入れ状況',
        '最終確認日',
      ]),
    );
    expect(at(5)).toEqual(['待機期間']);
    for (const e of report.errors) expect(e.reason && e.reasonEn).toBeTruthy();
    expect(await counts()).toEqual(before);
    // A real import of the same file refuses as a whole.
    const real = await upload(csv, '?dryRun=false');
    expect(real.statusCode).toBe(422);
    expect(real.json()).toMatchObject({ code: 'import_has_errors', report: { errors: expect.any(Array) } });
    expect(await counts()).toEqual(before);
  });

  it('imports a Shift_JIS file, and is safe to run twice', async () => {
    const before = await counts();
    const sjis = iconv.encode(good, 'cp932');
    const dry = await upload(sjis, '?dryRun=true');
    expect(dry.json()).toMatchObject({
      dryRun: true,
      encoding: 'shift_jis',
      validRows: 3,
      created: 3,
      organizationsCreated: 2,
      errors: [],
    });
    expect(await counts()).toEqual(before);
    const first = await upload(sjis, '?dryRun=false&encoding=shift_jis');
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      dryRun: false,
      created: 3,
      updated: 0,
      unchanged: 0,
      organizationsCreated: 2,
    });
    expect(await counts()).toEqual({
      resources: before.resources + 3,
      revisions: before.revisions + 3,
      organizations: before.organizations + 2,
    });
    const again = await upload(good, '?dryRun=false');
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 3, organizationsCreated: 0 });
    expect(await t.count('resources')).toBe(before.resources + 3);
    const found = await search(`q=${encodeURIComponent('ひかり療育園')}&careType=ventilator&age=4`);
    expect(found.body.total).toBe(0);
    const at8 = await search(`q=${encodeURIComponent('ひかり療育園')}&careType=ventilator&age=8`);
    expect(at8.body.items[0]).toMatchObject({
      name: '医療型短期入所',
      areas: ['31-west'],
      confirmedAt: '2026-03-31T15:00:00.000Z',
    });
    // A changed row updates the entry and keeps the previous values.
    const changed = await upload(
      good.replace('空きあり,,2026/4/1', '受け入れ停止,,2026/5/1'),
      '?dryRun=false',
    );
    expect(changed.json()).toMatchObject({ created: 0, updated: 1, unchanged: 2 });
    const history = (await call('GET', `/api/resources/${at8.body.items[0]!.id}/history`, centre)).json()
      .items;
    expect(history[0]).toMatchObject({
      action: 'imported',
      previous: { capacity: 'available' },
      changes: { capacity: 'not_accepting' },
    });
  });

  it('refuses malformed files with a readable 400 and writes nothing', async () => {
    const before = await counts();
    const cases: [Buffer | string, string][] = [
      [`${header}\n"架空,米子市,short_stay,x,,,,,,,,,`, '引用符'],
      ['名前,電話\n架空,0000', 'サービス種別'],
      ['', ''],
      [Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 0x14, 0, 0x06, 0]), 'CSV'],
    ];
    for (const [body, words] of cases) {
      const res = await upload(body, '?dryRun=false');
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toMatch(/bad_csv|validation/);
      expect(res.json().message).toContain(words);
    }
    expect((await upload(Buffer.from(good, 'utf8'), '?dryRun=false&encoding=latin1')).statusCode).toBe(400);
    expect(await counts()).toEqual(before);
  });
});
