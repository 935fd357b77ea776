import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchStatements } from '../src/features/directory/repository.ts';
import { bearer, setupApp, type TestApp } from './helper.ts';

/** The keyword box finds people by what they do, not only by name: labels and introductions too. */
let t: TestApp;
let token: string;
beforeAll(async () => {
  t = await setupApp();
  token = await t.token('coordinator');
});
afterAll(() => t.close());

interface Item {
  id: string;
  qualifications: { code: string }[];
  careTypes: string[];
}
const find = async (q: string) => {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/coordinators?q=${encodeURIComponent(q)}&pageSize=100`,
    headers: bearer(token),
  });
  expect(res.statusCode, q).toBe(200);
  return res.json() as { total: number; items: Item[] };
};
const introductionOf = async (id: string) =>
  (await t.app.inject({ method: 'GET', url: `/api/coordinators/${id}`, headers: bearer(token) })).json()
    .introduction as string;

describe('GET /api/coordinators?q= beyond names', () => {
  it('「人工呼吸器」 finds those with ventilator experience or who write about it', async () => {
    const { total, items } = await find('人工呼吸器');
    const ventilator = await t.app.inject({
      method: 'GET',
      url: '/api/coordinators?careType=ventilator&pageSize=100',
      headers: bearer(token),
    });
    expect(total).toBeGreaterThan(0);
    expect(total).toBeGreaterThanOrEqual(ventilator.json().total);
    const ids = new Set(items.map((i) => i.id));
    for (const v of ventilator.json().items as Item[]) expect(ids.has(v.id)).toBe(true);
    for (const item of items.filter((i) => !i.careTypes.includes('ventilator')))
      expect(await introductionOf(item.id)).toContain('人工呼吸器');
  });

  it('「呼吸器」 (part of a label) finds the same people as 「人工呼吸器」', async () => {
    const part = await find('呼吸器');
    const whole = await find('人工呼吸器');
    expect(part.total).toBeGreaterThan(0);
    expect(part.items.map((i) => i.id).sort()).toEqual(whole.items.map((i) => i.id).sort());
  });

  it('a qualification label, in Japanese or English, finds its holders: 看護師, Midwife', async () => {
    const nurses = await find('看護師');
    expect(nurses.total).toBeGreaterThan(0);
    for (const item of nurses.items) expect(item.qualifications.map((q) => q.code)).toContain('nurse');
    const byCode = await t.app.inject({
      method: 'GET',
      url: '/api/coordinators?qualification=nurse&pageSize=1',
      headers: bearer(token),
    });
    expect(nurses.total).toBe(byCode.json().total);
    const midwives = await find('midwife');
    for (const item of midwives.items) expect(item.qualifications.map((q) => q.code)).toContain('midwife');
  });

  it('a word of the introduction finds its writer, in katakana or hiragana', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/me/profile',
      headers: bearer(token),
      payload: { introduction: 'ピアサポートの集いをヨナゴで月一回開いています。' },
    });
    expect(res.statusCode).toBe(200);
    const mine = res.json().id as string;
    for (const q of ['ピアサポート', 'ぴあさぽーと', 'よなごで月一回'])
      expect(
        (await find(q)).items.map((i) => i.id),
        q,
      ).toEqual([mine]);
    // A seeded introduction: きょうだい児を含めた家族全体の支援を大切にしています。
    const siblings = await find('きょうだい児');
    expect(siblings.total).toBeGreaterThan(0);
    for (const item of siblings.items.slice(0, 5))
      expect(await introductionOf(item.id)).toContain('きょうだい児');
  });

  it('one character still means a name, not every label that contains it', async () => {
    const { items } = await find('師');
    const nurses = await find('看護師');
    expect(items.length).toBeLessThan(nurses.items.length);
  });

  it('is served by indexes: with sequential scans off, no statement reads the table in full', async () => {
    for (const q of ['呼吸器', '看護師', 'きょうだい児', '山']) {
      const { counted } = searchStatements({ q }, 1, 20);
      const plan = await t.database.db.transaction(async (tx) => {
        await tx.execute(sql`SET LOCAL enable_seqscan = off`);
        return (await tx.execute<{ 'QUERY PLAN': string }>(sql`EXPLAIN ${counted}`)).rows
          .map((r) => r['QUERY PLAN'])
          .join('\n');
      });
      expect(plan, q).not.toMatch(/Seq Scan on coordinator_profiles/);
      expect(plan, q).toMatch(/Bitmap Index Scan on profiles_/);
    }
  });
});
