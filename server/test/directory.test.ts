import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, setupApp, snapshot, type TestApp } from './helper.ts';

let t: TestApp;
let token: string;
let me_: { id: string };
beforeAll(async () => {
  t = await setupApp();
  token = await t.token('coordinator');
  me_ = await me();
});
afterAll(() => t.close());

const search = async (query: string, as = token) => {
  const res = await t.app.inject({ method: 'GET', url: `/api/coordinators?${query}`, headers: bearer(as) });
  return { status: res.statusCode, body: res.json() };
};
type Item = {
  id: string;
  displayName: string;
  displayKana: string;
  areas: string[];
  qualifications: { code: string }[];
  careTypes: string[];
  domains: string[];
  accepting: boolean;
  organization: { name: string; type: string } | null;
  municipalities: string[];
};

describe('GET /api/coordinators', () => {
  it('lists the ~80 seeded coordinators, paged, with a total', async () => {
    const { status, body } = await search('pageSize=10');
    expect(status).toBe(200);
    expect(body.total).toBe(80);
    expect(body.totalCapped).toBe(false);
    expect(body.items).toHaveLength(10);
    expect(body).toMatchObject({ page: 1, pageSize: 10 });
    const page8 = await search('pageSize=10&page=8');
    expect(page8.body.items).toHaveLength(10);
    expect(new Set([...body.items, ...page8.body.items].map((i: Item) => i.id)).size).toBe(20);
  });

  it('finds nurses who know ventilators in 西部圏域, and only those', async () => {
    const { body } = await search('area=31-west&qualification=nurse&careType=ventilator&pageSize=100');
    expect(body.total).toBeGreaterThan(0);
    expect(body.items.length).toBe(body.total);
    for (const item of body.items as Item[]) {
      expect(item.areas).toContain('31-west');
      expect(item.qualifications.map((q) => q.code)).toContain('nurse');
      expect(item.careTypes).toContain('ventilator');
    }
    expect((body.items as Item[]).map((i) => i.displayName)).toContain((await me()).displayName);
  });

  it('combines repeatable filters: any of the areas, all of the care types', async () => {
    const both = await search('area=31-east&area=31-central&pageSize=100');
    const east = await search('area=31-east&pageSize=100');
    const central = await search('area=31-central&pageSize=100');
    expect(both.body.total).toBeGreaterThanOrEqual(Math.max(east.body.total, central.body.total));
    const careAll = await search('careType=ventilator&careType=tracheostomy&pageSize=100');
    for (const item of careAll.body.items as Item[])
      expect(item.careTypes).toEqual(expect.arrayContaining(['ventilator', 'tracheostomy']));
    const domain = await search('domain=family&accepting=true&pageSize=100');
    for (const item of domain.body.items as Item[]) {
      expect(item.domains).toContain('family');
      expect(item.accepting).toBe(true);
    }
    const org = await search('orgType=visiting_nursing&pageSize=100');
    for (const item of org.body.items as Item[]) expect(item.organization?.type).toBe('visiting_nursing');
    const muni = await search('municipality=31202&pageSize=100');
    for (const item of muni.body.items as Item[]) expect(item.municipalities).toContain('31202');
  });

  it('searches free text in names, kana (hiragana or katakana) and organisation, from one character', async () => {
    const all = (await search('pageSize=100')).body.items as Item[];
    const target = all[0]!;
    const family = target.displayName.split(' ')[0]!;
    const byKanji = await search(`q=${encodeURIComponent(family.slice(0, 1))}&pageSize=100`);
    expect((byKanji.body.items as Item[]).map((i) => i.id)).toContain(target.id);
    for (const item of byKanji.body.items as Item[])
      expect(`${item.displayName}${item.organization?.name ?? ''}${item.displayKana}`).toContain(
        family.slice(0, 1),
      );
    const fullName = await search(`q=${encodeURIComponent(target.displayName.replace(' ', ''))}`);
    expect((fullName.body.items as Item[]).map((i) => i.id)).toContain(target.id);
    const katakana = target.displayKana
      .split(' ')[0]!
      .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60));
    const byKatakana = await search(`q=${encodeURIComponent(katakana)}&pageSize=100`);
    expect((byKatakana.body.items as Item[]).map((i) => i.id)).toContain(target.id);
    const byOrg = await search(`q=${encodeURIComponent('訪問看護')}&pageSize=100`);
    expect(byOrg.body.total).toBeGreaterThan(0);
    for (const item of byOrg.body.items as Item[]) expect(item.organization!.name).toContain('訪問看護');
    expect((await search(`q=${encodeURIComponent('存在しない名前ですよ')}`)).body.total).toBe(0);
    expect((await search(`q=${encodeURIComponent('%_')}`)).body.total).toBe(0);
  });

  it('sorts by kana and by training year', async () => {
    const kana = (await search('pageSize=100&sort=kana')).body.items as Item[];
    const sorted = [...kana].sort((a, b) =>
      a.displayKana < b.displayKana ? -1 : a.displayKana > b.displayKana ? 1 : 0,
    );
    expect(kana.map((i) => i.displayKana)).toEqual(sorted.map((i) => i.displayKana));
    const years = (
      (await search('pageSize=100&sort=-trainingYear')).body.items as { trainingYear: number }[]
    ).map((i) => i.trainingYear);
    expect(years).toEqual([...years].sort((a, b) => b - a));
  });

  it('refuses bad codes, unknown fields, wrong types and over-long text with a readable 400', async () => {
    for (const query of [
      'qualification=wizard',
      'careType=teleport',
      'area=99-nowhere',
      'municipality=13101',
      'page=0',
      'pageSize=1000',
      'accepting=maybe',
      'role=admin',
      `q=${'あ'.repeat(101)}`,
      'sort=age',
    ]) {
      const { status, body } = await search(query);
      expect(status, query).toBe(400);
      expect(body.code).toBe('validation');
      expect(body.message.length).toBeGreaterThan(5);
    }
  });

  it('is refused without a token', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/coordinators' });
    expect(res.statusCode).toBe(401);
  });

  it('is open to every signed-in role', async () => {
    for (const role of ['supporter', 'center_staff', 'admin'] as const)
      expect((await search('pageSize=1', await t.token(role))).status).toBe(200);
  });
});

async function me() {
  return (await t.app.inject({ method: 'GET', url: '/api/me/profile', headers: bearer(token) })).json();
}

describe('GET /api/coordinators/:id', () => {
  it("shows a coordinator's page with introduction, contact and organisation", async () => {
    const [first] = (await search('pageSize=1')).body.items as Item[];
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/coordinators/${first!.id}`,
      headers: bearer(token),
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ id: first!.id, displayName: first!.displayName });
    expect(body.introduction.length).toBeGreaterThan(0);
    expect(body.organization).toHaveProperty('address');
  });

  it('answers 404 for an unknown id, a non-coordinator, and 400 for a malformed id', async () => {
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/coordinators/00000000-0000-4000-8000-000000000000',
          headers: bearer(token),
        })
      ).statusCode,
    ).toBe(404);
    const centre = (
      await t.app.inject({
        method: 'GET',
        url: '/api/auth/me',
        headers: bearer(await t.token('center_staff')),
      })
    ).json();
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/coordinators/${centre.id}`, headers: bearer(token) }))
        .statusCode,
    ).toBe(404);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/coordinators/not-a-uuid', headers: bearer(token) }))
        .statusCode,
    ).toBe(400);
  });
});

describe('what each role may do with an entry (can) and see of it', () => {
  const detailAs = async (id: string, as: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/coordinators/${id}`, headers: bearer(as) })).json();

  it('a coordinator may message and refer a peer, not edit them; sees the contact line', async () => {
    const peer = ((await search('pageSize=5')).body.items as Item[]).find((i) => i.id !== me_.id)!;
    const body = await detailAs(peer.id, token);
    expect(body.can).toEqual({ message: true, refer: true, edit: false });
    expect(body.contact).toMatch(/電話/);
  });

  it('on my own entry I may edit, not message or refer myself', async () => {
    const body = await detailAs(me_.id, token);
    expect(body.can).toEqual({ message: false, refer: false, edit: true });
  });

  it('supporters and the centre may message but not refer; admins do not see the contact line', async () => {
    const peer = ((await search('pageSize=1')).body.items as Item[])[0]!;
    for (const role of ['supporter', 'center_staff'] as const) {
      const body = await detailAs(peer.id, await t.token(role));
      expect(body.can, role).toEqual({ message: true, refer: false, edit: false });
      expect(body.contact.length, role).toBeGreaterThan(0);
    }
    const asAdmin = await detailAs(peer.id, await t.token('admin'));
    expect(asAdmin.can).toEqual({ message: true, refer: false, edit: false });
    expect(asAdmin.contact).toBe('');
  });

  it('an invited coordinator is listed but cannot receive a referral yet', async () => {
    const { rows } = await t.database.pool.query(
      `SELECT p.user_id FROM coordinator_profiles p JOIN users u ON u.id = p.user_id
       WHERE p.listed AND u.status = 'active' AND u.email <> 'coordinator@example.jp' LIMIT 1`,
    );
    const id = rows[0].user_id as string;
    await t.database.pool.query(`UPDATE users SET status = 'invited' WHERE id = $1`, [id]);
    try {
      expect((await detailAs(id, token)).can).toEqual({ message: true, refer: false, edit: false });
    } finally {
      await t.database.pool.query(`UPDATE users SET status = 'active' WHERE id = $1`, [id]);
    }
  });
});

describe('GET /api/me/profile: what is missing', () => {
  it('a new coordinator is told every part to fill in; the list empties as they fill them', async () => {
    // A new account with the demo password, and no profile yet.
    await t.database.pool.query(
      `INSERT INTO users (email, display_name, display_kana, role, status, password_hash)
       SELECT 'fresh-profile@test.example.jp', '新井 まだ', 'あらい まだ', 'coordinator', 'active', password_hash
       FROM users WHERE email = 'coordinator@example.jp'`,
    );
    const fresh = (await t.login('fresh-profile@test.example.jp')).body.accessToken as string;
    const get = async () =>
      (await t.app.inject({ method: 'GET', url: '/api/me/profile', headers: bearer(fresh) })).json();
    expect((await get()).missing).toEqual([
      'qualifications',
      'municipalities',
      'careTypes',
      'introduction',
      'contact',
    ]);
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/me/profile',
      headers: bearer(fresh),
      payload: { qualifications: [{ code: 'nurse', years: 2 }], municipalities: ['31201'] },
    });
    expect(res.json().missing).toEqual(['careTypes', 'introduction', 'contact']);
    await t.app.inject({
      method: 'PATCH',
      url: '/api/me/profile',
      headers: bearer(fresh),
      payload: { careTypes: ['ventilator'], introduction: 'はじめまして。', contact: '平日9時〜17時' },
    });
    expect((await get()).missing).toEqual([]);
  });

  it('the seeded coordinator with a full profile has nothing missing; a supporter is asked nothing', async () => {
    expect((await me()).missing).toEqual([]);
    const supporter = await t.token('supporter');
    const res = await t.app.inject({ method: 'GET', url: '/api/me/profile', headers: bearer(supporter) });
    expect(res.json().missing).toEqual([]);
  });
});

describe('PATCH /api/me/profile', () => {
  it('edits my own profile; the 圏域 follow from the municipalities; search sees it', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/me/profile',
      headers: bearer(token),
      payload: {
        qualifications: [
          { code: 'nurse', years: 12 },
          { code: 'public_health_nurse', years: 3 },
        ],
        municipalities: ['31202', '31201'],
        careTypes: ['ventilator', 'dialysis'],
        domains: ['family'],
        accepting: true,
        introduction: '夜間の呼吸器トラブルの相談に乗れます。',
        trainingYear: 2022,
      },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.areas.sort()).toEqual(['31-east', '31-west']);
    expect(body.introduction).toBe('夜間の呼吸器トラブルの相談に乗れます。');
    const found = await search(
      'careType=dialysis&qualification=public_health_nurse&area=31-east&pageSize=100',
    );
    expect((found.body.items as Item[]).map((i) => i.id)).toContain(body.id);
  });

  it('refuses role, unknown codes, duplicates and over-long text, writing nothing', async () => {
    const before = await me();
    const snap = await snapshot(t);
    for (const payload of [
      { role: 'admin' },
      { careTypes: ['flying'] },
      { municipalities: ['13101'] },
      {
        qualifications: [
          { code: 'nurse', years: 1 },
          { code: 'nurse', years: 2 },
        ],
      },
      { qualifications: [{ code: 'nurse', years: -1 }] },
      { introduction: 'あ'.repeat(1001) },
      { organizationId: '00000000-0000-4000-8000-000000000000' },
      { accepting: 'yes' },
      { trainingYear: 1990 },
    ]) {
      const res = await t.app.inject({
        method: 'PATCH',
        url: '/api/me/profile',
        headers: bearer(token),
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().message.length).toBeGreaterThan(5);
    }
    expect(await me()).toEqual(before);
    expect(await snapshot(t)).toEqual(snap);
  });

  it('is refused without a token', async () => {
    expect(
      (await t.app.inject({ method: 'PATCH', url: '/api/me/profile', payload: { accepting: true } }))
        .statusCode,
    ).toBe(401);
  });

  it('a supporter edits their own profile but is not listed in the directory', async () => {
    const supporter = await t.token('supporter');
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/me/profile',
      headers: bearer(supporter),
      payload: { introduction: '短期入所の受け入れ担当です。' },
    });
    expect(res.statusCode).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/coordinators/${res.json().id}`,
          headers: bearer(token),
        })
      ).statusCode,
    ).toBe(404);
  });
});

describe('GET /api/coordinators with more than 1,000 matches', () => {
  // 1,200 extra listed coordinators, 1,100 of them sharing one family name (clustered in kana
  // order, like a common name in a national directory); removed afterwards.
  const ids: string[] = [];
  beforeAll(async () => {
    const { rows } = await t.database.pool.query(
      `WITH u AS (
         INSERT INTO users (email, display_name, display_kana, role, status)
         SELECT 'many' || i || '@test.example.jp', CASE WHEN i <= 1100 THEN '渡会 ' ELSE '相川 ' END || i,
                CASE WHEN i <= 1100 THEN 'わたらい ' ELSE 'あいかわ ' END || lpad(i::text, 4, '0'), 'coordinator', 'active'
         FROM generate_series(1, 1200) i RETURNING id, display_name, display_kana)
       INSERT INTO coordinator_profiles (user_id, display_name, display_kana, area_codes, qualification_codes, accepting, search_text, search_grams)
       SELECT id, display_name, display_kana, '{31-west}', '{nurse}', true, replace(display_name, ' ', '') || ' ' || display_kana,
              CASE WHEN display_name LIKE '渡会%' THEN '{渡,会,渡会}'::text[] ELSE '{相,川,相川}'::text[] END
       FROM u RETURNING user_id`,
    );
    ids.push(...rows.map((r: { user_id: string }) => r.user_id));
  });
  afterAll(async () => {
    await t.database.pool.query('DELETE FROM users WHERE id = ANY($1::uuid[])', [ids]);
  });

  it('stops counting at 1,000 and says so', async () => {
    const all = await search('pageSize=20');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ total: 1000, totalCapped: true, page: 1, pageSize: 20 });
    expect(all.body.items).toHaveLength(20);
    const few = await search('area=31-east&pageSize=100');
    expect(few.body.totalCapped).toBe(false);
    expect(few.body.items).toHaveLength(few.body.total);
  });

  it('pages a broad search in kana order, beyond the count too', async () => {
    const kana = async (query: string) =>
      ((await search(query)).body.items as Item[]).map((i) => i.displayKana);
    const first = await kana('pageSize=100&accepting=true');
    expect(first).toEqual([...first].sort());
    expect(first[0]!.startsWith('あいかわ')).toBe(true);
    const page12 = await kana('pageSize=100&accepting=true&page=12');
    expect(page12.length).toBeGreaterThan(0);
    expect(page12[0]! >= first[99]!).toBe(true);
  });

  it('finds a clustered name with more than 1,000 matches, in order, from the first page', async () => {
    for (const q of ['渡会', 'ワタライ']) {
      const { body } = await search(`q=${encodeURIComponent(q)}&pageSize=50`);
      expect(body).toMatchObject({ total: 1000, totalCapped: true });
      const items = body.items as Item[];
      expect(items).toHaveLength(50);
      expect(items.every((i) => i.displayName.startsWith('渡会'))).toBe(true);
      expect(items.map((i) => i.displayKana)).toEqual(items.map((i) => i.displayKana).sort());
      expect(items[0]!.displayKana).toBe('わたらい 0001');
    }
    const descending = (await search(`q=${encodeURIComponent('渡会')}&sort=-kana&pageSize=5`)).body
      .items as Item[];
    expect(descending[0]!.displayKana).toBe('わたらい 1100');
    const ranked = await search(`q=${encodeURIComponent('渡会')}&sort=relevance&pageSize=5`);
    expect(ranked.body.items).toHaveLength(5);
    const byYear = await search(`q=${encodeURIComponent('渡会')}&sort=trainingYear&page=3&pageSize=5`);
    expect(byYear.body.items).toHaveLength(5);
  });
});
