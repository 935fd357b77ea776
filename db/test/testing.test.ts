import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Database } from '../src/connection.ts';
import { createTestDatabase } from '../src/testing/index.ts';

const expectedDriver = process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';

async function rows<T = Record<string, unknown>>(
  database: Database,
  text: string,
  values: unknown[] = [],
): Promise<T[]> {
  return (await database.pool.query(text, values)).rows as T[];
}

describe(`test databases (${expectedDriver})`, () => {
  let a: Database;
  let b: Database;

  beforeAll(async () => {
    [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('uses the driver of this project', () => {
    expect(inject('tsunaguTestDatabase').driver).toBe(expectedDriver);
    expect(a.driver).toBe(expectedDriver);
    expect(b.driver).toBe(expectedDriver);
  });

  it('gives each call its own fresh database', async () => {
    await a.pool.query(`INSERT INTO settings (key, value) VALUES ('only-in-a', '1'::jsonb)`);
    expect(await rows(a, `SELECT key FROM settings WHERE key = 'only-in-a'`)).toHaveLength(1);
    expect(await rows(b, `SELECT key FROM settings WHERE key = 'only-in-a'`)).toHaveLength(0);
    // and a third one made afterwards starts from the template, not from a's changes
    const c = await createTestDatabase();
    try {
      expect(await rows(c, `SELECT key FROM settings WHERE key = 'only-in-a'`)).toHaveLength(0);
    } finally {
      await c.close();
    }
  });

  it('has the migrations applied and the Tottori areas loaded', async () => {
    const tables = (
      await rows<{ table_name: string }>(
        a,
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`,
      )
    ).map((r) => r.table_name);
    for (const t of [
      'users',
      'organizations',
      'coordinator_profiles',
      'audit_log',
      'municipalities',
      'areas',
      'prefectures',
      'sessions',
    ]) {
      expect(tables).toContain(t);
    }
    const [tottori] = await rows<{ n: number }>(
      a,
      `SELECT count(*)::int AS n FROM municipalities m JOIN areas a ON a.code = m.area_code WHERE a.prefecture_code = '31'`,
    );
    expect(tottori?.n).toBe(19);
    const [encoding] = await rows<{ server_encoding: string }>(a, 'SHOW server_encoding');
    expect(encoding?.server_encoding).toBe('UTF8');
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_log', async () => {
    await a.pool.query(`INSERT INTO audit_log (action, detail) VALUES ('test.append', '{}'::jsonb)`);
    await expect(a.pool.query(`UPDATE audit_log SET action = 'changed'`)).rejects.toThrow(/append-only/);
    await expect(a.pool.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    await expect(a.pool.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    expect(await rows(a, `SELECT action FROM audit_log WHERE action = 'test.append'`)).toHaveLength(1);
  });

  it('serves ILIKE on Japanese search text from the pg_trgm GIN index', async () => {
    // 訪問看護 is in 1 row out of 100: the planner must prefer the trigram index on its own.
    const words = [
      '居宅介護支援',
      '地域包括支援センター',
      '相談支援',
      '就労支援',
      '病院',
      '診療所',
      '薬局',
      '通所介護',
    ];
    const places = [
      '鳥取市',
      '米子市',
      '倉吉市',
      '境港市',
      '岩美町',
      '八頭町',
      '湯梨浜町',
      '琴浦町',
      '北栄町',
      '大山町',
    ];
    const client = await b.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO users (id, email, display_name, role, status)
         SELECT gen_random_uuid(), 'user' || i || '@example.jp', '利用者' || i, 'coordinator', 'active'
         FROM generate_series(1, 2000) AS i`,
      );
      await client.query(
        `INSERT INTO coordinator_profiles (user_id, display_name, search_text)
         SELECT u.id, u.display_name,
                lower(u.display_name || ' ' || ($1::text[])[1 + n % 10] ||
                      CASE WHEN n % 100 = 0 THEN '訪問看護' ELSE ($2::text[])[1 + n % 8] END || 'ステーション')
         FROM (SELECT id, display_name, row_number() OVER (ORDER BY email) AS n FROM users) u`,
        [places, words],
      );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
    // VACUUM, not only ANALYZE: after a bulk insert the GIN index keeps new entries in its
    // pending list, which the planner prices as a full scan of that list (cost ≈ 450 here,
    // so it picked a sequential scan); a vacuumed index costs ≈ 20.
    await b.pool.query('VACUUM ANALYZE coordinator_profiles');

    const query = `SELECT user_id FROM coordinator_profiles WHERE search_text ILIKE '%訪問看護%'`;
    const plan = (await rows<{ 'QUERY PLAN': string }>(b, `EXPLAIN ${query}`))
      .map((r) => r['QUERY PLAN'])
      .join('\n');
    expect(plan, plan).toMatch(/Bitmap Index Scan on profiles_search_trgm_idx/);
    const found = await rows(b, query);
    expect(found).toHaveLength(20);
  });
});
