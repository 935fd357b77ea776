import { randomBytes } from 'node:crypto';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJob, ImportReport } from '@tsunagu/shared';
import { bearer, setupApp, snapshot, type TestApp } from './helper.ts';

let t: TestApp;
let centre: Record<string, string>;
let admin: Record<string, string>;
beforeAll(async () => {
  t = await setupApp();
  // Sign in first: signing in writes sessions, which the "writes nothing" checks count.
  centre = bearer(await t.token('center_staff'));
  admin = bearer(await t.token('admin'));
  await t.token('coordinator');
  await t.token('supporter');
});
afterAll(() => t.close());

const HEADER =
  '氏名,ふりがな,メールアドレス,所属機関,機関種別,所在市町村,資格,研修修了年度,担当市町村,医療的ケア,支援領域,相談受付,電話,連絡方法';

/**
 * Three fictional coordinators; two share an organisation (written two ways). The tilde is
 * U+FF5E as Windows types it: the only one Shift_JIS (CP932) can hold.
 */
const goodList = [
  HEADER,
  '架空 太郎,かくう たろう,kakuu.taro@example.jp,架空訪問看護ステーション,訪問看護ステーション,米子市,"看護師:10、保健師(3年)",R3,"米子市、境港市",人工呼吸器の管理;気管切開の管理,家族支援,可,0000-00-0001,平日9時～17時',
  '架空 花子,カクウ ハナコ,Kakuu.Hanako@example.jp,架空こども相談室,consultation_office,31201,相談支援専門員,2019,東部,"tube_feeding,吸引","発達支援,地域支援",×,,メールで連絡',
  '架空 次郎,かくう じろう,kakuu.jiro@example.jp,架空\u3000訪問看護ステーション ,Visiting nursing station,31202,nurse／理学療法士（5年）,令和元年,31202,,,はい,,',
].join('\r\n');

const upload = async (
  body: Buffer | string,
  query = '',
  headers: Record<string, string> = centre,
  contentType = 'text/csv',
) =>
  t.app.inject({
    method: 'POST',
    url: `/api/admin/imports/coordinators${query}`,
    headers: { ...headers, 'content-type': contentType },
    payload: body,
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls a job until it ends; returns it and every state seen on the way. */
async function finish(id: string, headers = centre): Promise<{ job: ImportJob; polls: ImportJob[] }> {
  const polls: ImportJob[] = [];
  for (let i = 0; i < 3000; i++) {
    const res = await t.app.inject({ method: 'GET', url: `/api/admin/imports/${id}`, headers });
    expect(res.statusCode).toBe(200);
    const job = res.json() as ImportJob;
    polls.push(job);
    if (job.state !== 'running') return { job, polls };
    await sleep(10);
  }
  throw new Error('the import did not finish');
}

async function runImport(body: Buffer | string, query = '', headers = centre): Promise<ImportReport> {
  const res = await upload(body, query, headers);
  expect(res.statusCode, res.body).toBe(202);
  const { job } = await finish(res.json().id, headers);
  expect(job.state, job.error ?? '').toBe('done');
  return job.report!;
}

describe('coordinator import: encodings', () => {
  it('reads UTF-8 (with or without BOM) and Shift_JIS alike', async () => {
    const before = await snapshot(t);
    const utf8 = await runImport(Buffer.from(goodList, 'utf8'));
    const bom = await runImport(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(goodList, 'utf8')]),
    );
    const sjis = await runImport(iconv.encode(goodList, 'Shift_JIS'));
    const sjisExplicit = await runImport(iconv.encode(goodList, 'Shift_JIS'), '?encoding=shift_jis');
    expect(utf8).toMatchObject({
      dryRun: true,
      encoding: 'utf-8',
      totalRows: 3,
      validRows: 3,
      errors: [],
      organizationsCreated: 2,
      invitationsCreated: 3,
    });
    expect(sjis.encoding).toBe('shift_jis');
    for (const other of [bom, sjis, sjisExplicit])
      expect({ ...other, encoding: 'x' }).toEqual({ ...utf8, encoding: 'x' });
    expect(await snapshot(t)).toEqual(before);
  });

  it('an import from Shift_JIS leaves nothing for the same list in UTF-8 to change', async () => {
    const file = goodList.replace(/kakuu\./g, 'sjis.');
    const imported = await runImport(iconv.encode(file, 'Shift_JIS'), '?dryRun=false');
    expect(imported).toMatchObject({
      encoding: 'shift_jis',
      validRows: 3,
      invitationsCreated: 3,
      organizationsCreated: 2,
    });
    const again = await runImport(Buffer.from(file, 'utf8'), '?dryRun=true');
    expect(again).toMatchObject({
      encoding: 'utf-8',
      validRows: 3,
      invitationsCreated: 0,
      organizationsCreated: 0,
      profilesUpdated: 0,
      unchanged: 3,
    });
  });

  it('takes the file as text/csv with a charset, octet-stream or the type Windows gives .csv files', async () => {
    for (const type of ['text/csv; charset=utf-8', 'application/octet-stream', 'application/vnd.ms-excel']) {
      const res = await upload(goodList, '', centre, type);
      expect(res.statusCode, type).toBe(202);
      expect((await finish(res.json().id)).job.report).toMatchObject({ validRows: 3 });
    }
  });

  it('refuses Shift_JIS bytes declared as UTF-8 with 400', async () => {
    const res = await upload(iconv.encode(goodList, 'Shift_JIS'), '?encoding=utf-8');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'bad_csv' });
    expect(res.json().message).toContain('UTF-8');
  });
});

describe('coordinator import: dry run', () => {
  it('reports every bad row with its line, column and reason, and writes nothing', async () => {
    const file = [
      HEADER, // 1
      '架空 一郎,かくう いちろう,dry.ichiro@example.jp,架空病院,病院,鳥取市,看護師,2020,鳥取市,,,可,,', // 2: fine
      '架空 二郎,かくう じろう,dry.jiro@example.jp,架空病院,病院,鳥取市,宇宙飛行士,2020,鳥取市,,,可,,', // 3: qualification
      '架空 三郎,かくう さぶろう,not-an-email,架空病院,病院,鳥取市,,,,,,,,', // 4: e-mail
      '架空 四郎,かくう しろう,dry.ichiro@example.jp,架空病院,病院,鳥取市,,,,,,,,', // 5: e-mail repeated
      '架空 五郎,かくう ごろう,dry.goro@example.jp,架空病院,病院,新宿区,,,13101,,,,,', // 6: two municipalities
      ',,dry.rokuro@example.jp,,,,,,,,,,,', // 7: name and organisation missing
      '架空 七郎,かくう しちろう,dry.shichiro@example.jp,架空病院', // 8: column count
      '"架空 八郎",かくう はちろう,dry.hachiro@example.jp,"架空病院', // 9-10: a cell spanning two lines
      '第二病棟",病院,鳥取市,看護師:100,H20,鳥取市,空を飛ぶ,魔法,たぶん,abc,', // (line 10) years, year, care type, domain, accepting, phone
      ',,,,,,,,,,,,,', // 11: blank row, skipped
      '架空 十郎,Kakuu,dry.juro@example.jp,架空病院,castle,鳥取市,,R99,,,,,,', // 12: kana, organisation type, year
    ].join('\n');
    const before = await snapshot(t);
    const report = await runImport(file);
    expect(await snapshot(t)).toEqual(before);
    expect(report).toMatchObject({ dryRun: true, totalRows: 9, validRows: 1, invitationsCreated: 1 });
    const at = (line: number) => report.errors.filter((e) => e.line === line);
    for (const e of report.errors) {
      expect(e.reason.length).toBeGreaterThan(5);
      expect(e.reasonEn.length).toBeGreaterThan(5);
    }
    expect(at(2)).toEqual([]);
    expect(at(3)).toEqual([
      expect.objectContaining({
        column: '資格',
        reason: expect.stringContaining('宇宙飛行士'),
        reasonEn: expect.stringContaining('Unknown qualification'),
      }),
    ]);
    expect(at(4)).toEqual([
      expect.objectContaining({ column: 'メールアドレス', reason: expect.stringContaining('not-an-email') }),
    ]);
    expect(at(5)).toEqual([
      expect.objectContaining({
        column: 'メールアドレス',
        reason: expect.stringContaining('2 行目'),
        reasonEn: expect.stringContaining('line 2'),
      }),
    ]);
    expect(
      at(6)
        .map((e) => e.column)
        .sort(),
    ).toEqual(['所在市町村', '担当市町村']);
    expect(at(6)[0]!.reasonEn).toContain('not in this prefecture');
    expect(
      at(7)
        .map((e) => e.column)
        .sort(),
    ).toEqual(['所属機関', '氏名']);
    expect(at(7)[0]!.reasonEn).toContain('required');
    expect(at(8)).toEqual([
      expect.objectContaining({ reasonEn: expect.stringContaining('4 columns but the header has 14') }),
    ]);
    expect(at(8)[0]!.column).toBeUndefined();
    expect(
      at(9)
        .map((e) => e.column)
        .sort(),
    ).toEqual(['医療的ケア', '支援領域', '研修修了年度', '相談受付', '資格', '電話'].sort());
    expect(at(10)).toEqual([]);
    expect(at(11)).toEqual([]);
    expect(
      at(12)
        .map((e) => e.column)
        .sort(),
    ).toEqual(['ふりがな', '機関種別', '研修修了年度'].sort());
    expect(new Set(report.errors.map((e) => e.line))).toEqual(new Set([3, 4, 5, 6, 7, 8, 9, 12]));
  });

  it('accepts English headers and codes', async () => {
    const file = [
      'name,kana,email,organization,organization_type,municipality,qualifications,training_year,municipalities_covered,care_types,domains,accepting,phone,contact',
      'Kakuu Ichiro,かくう いちろう,en.ichiro@example.jp,Kakuu Clinic,clinic,31203,"nurse:4;social_worker",2022,31203/31364,ventilator,family,true,0000-00-0002,by e-mail',
    ].join('\n');
    expect(await runImport(file)).toMatchObject({ validRows: 1, errors: [] });
  });
});

describe('coordinator import: import', () => {
  const list = goodList
    .replace(/kakuu\./gi, 'imp.')
    .replace(/架空訪問看護/g, '架空いろは訪問看護')
    .replace(/架空\u3000訪問看護/g, '架空 いろは訪問看護')
    .replace(/架空こども/g, '架空いろはこども');

  it('creates organisations, invited coordinators with profiles, and invitation mails', async () => {
    const before = await snapshot(t);
    const report = await runImport(list, '?dryRun=false');
    expect(report).toMatchObject({
      dryRun: false,
      totalRows: 3,
      validRows: 3,
      errors: [],
      organizationsCreated: 2,
      invitationsCreated: 3,
      profilesUpdated: 0,
      unchanged: 0,
    });
    const after = await snapshot(t);
    expect(after['organizations']! - before['organizations']!).toBe(2);
    expect(after['users']! - before['users']!).toBe(3);
    expect(after['invitations']! - before['invitations']!).toBe(3);
    expect(after['outbox']! - before['outbox']!).toBe(3);

    const mail = await t.database.pool.query(`SELECT body FROM outbox WHERE "to" = 'imp.taro@example.jp'`);
    expect(mail.rows[0].body).toContain('/invite/');
    const accounts = await t.database.pool.query(`SELECT status, role FROM users WHERE email ILIKE 'imp.%'`);
    expect(accounts.rows).toHaveLength(3);
    for (const a of accounts.rows) expect(a).toEqual({ status: 'invited', role: 'coordinator' });

    const coordinator = bearer(await t.token('coordinator'));
    const found = await t.app.inject({
      method: 'GET',
      url: `/api/coordinators?q=${encodeURIComponent('架空 太郎')}`,
      headers: coordinator,
    });
    expect(found.statusCode).toBe(200);
    // The Shift_JIS test imported a 架空 太郎 too: this one works at the いろは station.
    const taro = found
      .json()
      .items.find(
        (c: { displayName: string; organization: { name: string } | null }) =>
          c.displayName === '架空 太郎' && c.organization?.name.includes('いろは'),
      );
    expect(taro).toMatchObject({
      displayKana: 'かくう たろう',
      organization: {
        name: '架空いろは訪問看護ステーション',
        type: 'visiting_nursing',
        municipalityCode: '31202',
      },
      qualifications: [
        { code: 'nurse', years: 10 },
        { code: 'public_health_nurse', years: 3 },
      ],
      trainingYear: 2021,
      municipalities: ['31202', '31204'],
      areas: ['31-west'],
      careTypes: ['ventilator', 'tracheostomy'],
      domains: ['family'],
      accepting: true,
    });
    const detail = await t.app.inject({
      method: 'GET',
      url: `/api/coordinators/${taro.id}`,
      headers: coordinator,
    });
    expect(detail.json().contact).toBe('平日9時～17時 / 電話: 0000-00-0001');
    // 花子: the 圏域 name expands to its municipalities; 次郎 shares 太郎's organisation.
    const byArea = await t.app.inject({
      method: 'GET',
      url: `/api/coordinators?q=${encodeURIComponent('いろは')}&pageSize=10`,
      headers: coordinator,
    });
    const names = Object.fromEntries(
      byArea.json().items.map((c: { displayName: string }) => [c.displayName, c]),
    );
    expect(names['架空 花子']).toMatchObject({
      municipalities: ['31201', '31302', '31325', '31328', '31329'],
      careTypes: ['tube_feeding', 'suction'],
      domains: ['development', 'community'],
      accepting: false,
      trainingYear: 2019,
    });
    expect(names['架空 次郎'].organization.id).toBe(taro.organization.id);
    expect(names['架空 次郎']).toMatchObject({
      trainingYear: 2019,
      qualifications: [
        { code: 'nurse', years: 0 },
        { code: 'physical_therapist', years: 5 },
      ],
    });

    const auditRows = await t.database.pool.query(
      `SELECT actor_id, detail FROM audit_log WHERE action = 'import.coordinators' AND detail->>'dryRun' = 'false' ORDER BY id DESC LIMIT 1`,
    );
    expect(auditRows.rows[0].actor_id).not.toBeNull();
    expect(auditRows.rows[0].detail).toMatchObject({
      dryRun: false,
      encoding: 'utf-8',
      fileSize: Buffer.byteLength(list),
      invitationsCreated: 3,
      organizationsCreated: 2,
    });
  });

  it('running the same file twice creates nothing the second time', async () => {
    const before = await snapshot(t);
    const report = await runImport(list, '?dryRun=false');
    expect(report).toMatchObject({
      validRows: 3,
      organizationsCreated: 0,
      invitationsCreated: 0,
      profilesUpdated: 0,
      unchanged: 3,
    });
    expect(await snapshot(t)).toEqual(before);
  });

  it('updates an invited person without a new invitation, and leaves active accounts alone', async () => {
    const coordinator = bearer(await t.token('coordinator'));
    const me = (await t.app.inject({ method: 'GET', url: '/api/me/profile', headers: coordinator })).json();
    const file = [
      HEADER,
      '架空 太郎,かくう たろう,imp.taro@example.jp,架空いろは訪問看護ステーション,訪問看護ステーション,米子市,看護師:11,R3,米子市,人工呼吸器,家族支援,否,,',
      `架空 上書,かくう うわがき,COORDINATOR@example.jp,架空うわがき病院,病院,米子市,医師,2015,米子市,,,可,,`,
    ].join('\n');
    const before = await snapshot(t);
    const report = await runImport(file, '?dryRun=false');
    expect(report).toMatchObject({
      validRows: 2,
      organizationsCreated: 0,
      invitationsCreated: 0,
      profilesUpdated: 1,
      unchanged: 1,
    });
    const after = await snapshot(t);
    expect(after).toEqual(before);
    const taro = await t.database.pool.query(
      `SELECT p.qualifications, p.care_types, p.accepting FROM coordinator_profiles p JOIN users u ON u.id = p.user_id WHERE u.email = 'imp.taro@example.jp'`,
    );
    expect(taro.rows[0]).toEqual({
      qualifications: [{ code: 'nurse', years: 11 }],
      care_types: ['ventilator'],
      accepting: false,
    });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/me/profile', headers: coordinator })).json(),
    ).toEqual(me);
  });

  it('keeps each row whole: a refused row leaves nothing, the others are imported', async () => {
    const file = [
      HEADER,
      '架空 一,かくう はじめ,whole.one@example.jp,架空まるごと病院,病院,倉吉市,,,,,,,,',
      // An account invited as a supporter cannot become a coordinator through a list.
      '架空 支援,かくう しえん,whole.supporter@example.jp,架空べつの病院,病院,倉吉市,,,,,,,,',
    ].join('\n');
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/admin/invitations',
      headers: centre,
      payload: { email: 'whole.supporter@example.jp', displayName: '架空 支援', role: 'supporter' },
    });
    expect(invited.statusCode).toBe(201);
    const before = await snapshot(t);
    const report = await runImport(file, '?dryRun=false');
    expect(report).toMatchObject({ validRows: 1, invitationsCreated: 1, organizationsCreated: 1 });
    expect(report.errors).toEqual([
      expect.objectContaining({
        line: 3,
        column: 'メールアドレス',
        reasonEn: expect.stringContaining('supporter'),
      }),
    ]);
    const after = await snapshot(t);
    expect(after['organizations']! - before['organizations']!).toBe(1);
    const other = await t.database.pool.query(
      `SELECT count(*)::int AS n FROM organizations WHERE name = '架空べつの病院'`,
    );
    expect(other.rows[0].n).toBe(0);
  });
});

describe('coordinator import: who may', () => {
  it('refuses coordinators and supporters (403) and callers without a token (401)', async () => {
    for (const role of ['coordinator', 'supporter'] as const) {
      const res = await upload(goodList, '', bearer(await t.token(role)));
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('forbidden');
    }
    const anonymous = await t.app.inject({
      method: 'POST',
      url: '/api/admin/imports/coordinators',
      headers: { 'content-type': 'text/csv' },
      payload: goodList,
    });
    expect(anonymous.statusCode).toBe(401);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/imports/00000000-0000-4000-8000-000000000000' }))
        .statusCode,
    ).toBe(401);
  });

  it('shows a job to its creator and to admins only', async () => {
    const byAdmin = await upload(goodList, '', admin);
    expect(byAdmin.statusCode).toBe(202);
    const adminJob = byAdmin.json().id as string;
    await finish(adminJob, admin);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/admin/imports/${adminJob}`, headers: centre }))
        .statusCode,
    ).toBe(404);
    const byCentre = await upload(goodList);
    const centreJob = byCentre.json().id as string;
    expect((await finish(centreJob, admin)).job.state).toBe('done');
    const coordinator = await t.app.inject({
      method: 'GET',
      url: `/api/admin/imports/${centreJob}`,
      headers: bearer(await t.token('coordinator')),
    });
    expect(coordinator.statusCode).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/admin/imports/00000000-0000-4000-8000-000000000000',
          headers: admin,
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/imports/not-a-uuid', headers: admin }))
        .statusCode,
    ).toBe(400);
  });
});

describe('coordinator import: files that are not lists', () => {
  it('answers 400 bad_csv at once for an empty body, binary data, a missing header or JSON', async () => {
    const before = await snapshot(t);
    const zipLike = Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(4096)]);
    const cases: [Buffer | string, string, RegExp][] = [
      [Buffer.alloc(0), 'text/csv', /空/],
      [randomBytes(8192), 'application/octet-stream', /CSV/],
      [zipLike, 'application/octet-stream', /CSV/],
      ['架空 太郎,kakuu@example.jp,架空病院\n架空 花子,hanako@example.jp,架空病院', 'text/csv', /必須の列/],
      ['氏名,ふりがな,所属機関\n架空 太郎,かくう たろう,架空病院', 'text/csv', /メールアドレス/],
      ['\n\n', 'text/csv', /ヘッダー/],
    ];
    for (const [body, contentType, message] of cases) {
      const res = await upload(body, '?dryRun=false', centre, contentType);
      expect(res.statusCode, String(body).slice(0, 40)).toBe(400);
      expect(res.json().code).toBe('bad_csv');
      expect(res.json().message).toMatch(message);
      expect(res.json().messageEn.length).toBeGreaterThan(10);
    }
    const json = await t.app.inject({
      method: 'POST',
      url: '/api/admin/imports/coordinators?dryRun=false',
      headers: centre,
      payload: { rows: [] },
    });
    expect(json.statusCode).toBe(400);
    expect(json.json().code).toBe('bad_csv');
    const unknownQuery = await upload(goodList, '?dryRun=false&sheet=1');
    expect(unknownQuery.statusCode).toBe(400);
    expect(await snapshot(t)).toEqual(before);
  });

  it('fails the job with a readable message on an unclosed quote, and writes nothing', async () => {
    const file = [
      HEADER,
      '架空 太郎,かくう たろう,quote.taro@example.jp,架空病院,病院,鳥取市,,,,,,,,',
      '架空 花子,かくう はなこ,quote.hanako@example.jp,"架空病院,病院,鳥取市,,,,,,,,',
      '架空 次郎,かくう じろう,quote.jiro@example.jp,架空病院,病院,鳥取市,,,,,,,,',
    ].join('\n');
    const before = await snapshot(t);
    const res = await upload(file, '?dryRun=false');
    expect(res.statusCode).toBe(202);
    const { job } = await finish(res.json().id);
    expect(job.state).toBe('failed');
    expect(job.report).toBeNull();
    expect(job.error).toContain('3 行目');
    expect(job.error).toContain('line 3');
    expect(await snapshot(t)).toEqual(before);
  });

  it('refuses a file over 10 MB with 413', async () => {
    const res = await upload(Buffer.alloc(10 * 1024 * 1024 + 10, 0x41));
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });
});

describe('coordinator import: progress', () => {
  it('reports progress on a 2,000-row file and ends with processed = total', async () => {
    const rows = Array.from({ length: 2000 }, (_, i) => {
      const n = String(i + 1).padStart(4, '0');
      return `架空 利用者${n},かくう りようしゃ,progress${n}@example.jp,架空病院${i % 40},病院,米子市,"看護師:${i % 30}、保健師",R${1 + (i % 6)},米子市、境港市,吸引,家族支援,可,0000-00-${n},`;
    });
    const res = await upload([HEADER, ...rows].join('\r\n'));
    expect(res.statusCode).toBe(202);
    expect(res.json()).toMatchObject({ state: 'running', processed: 0 });
    const { job, polls } = await finish(res.json().id);
    for (const p of polls) {
      expect(p.processed).toBeLessThanOrEqual(p.total);
      if (p.total > 0) expect(p.total).toBe(2000);
    }
    expect(job).toMatchObject({ state: 'done', processed: 2000, total: 2000 });
    expect(job.report).toMatchObject({
      totalRows: 2000,
      validRows: 2000,
      errors: [],
      invitationsCreated: 2000,
      organizationsCreated: 40,
    });
  });
});
