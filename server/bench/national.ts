// A fictional national-scale directory: 47 prefectures × 3 invented 圏域 × 4 invented
// municipalities, ~44k organisations, and N coordinators (users + coordinator_profiles),
// loaded with bulk `INSERT … SELECT FROM unnest(…)` batches. The projection columns come from
// the same code the server uses (`projectProfile`), computed in JS batch by batch.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { generateCoordinator, projectProfile, rng, type Rng } from '@tsunagu/db';

// Real prefecture names and codes; population weights (×10k, rounded) spread the coordinators.
const PREFECTURES: [string, string, string, number][] = [
  ['01', '北海道', 'Hokkaido', 514],
  ['02', '青森県', 'Aomori', 120],
  ['03', '岩手県', 'Iwate', 118],
  ['04', '宮城県', 'Miyagi', 228],
  ['05', '秋田県', 'Akita', 93],
  ['06', '山形県', 'Yamagata', 104],
  ['07', '福島県', 'Fukushima', 179],
  ['08', '茨城県', 'Ibaraki', 284],
  ['09', '栃木県', 'Tochigi', 191],
  ['10', '群馬県', 'Gunma', 191],
  ['11', '埼玉県', 'Saitama', 733],
  ['12', '千葉県', 'Chiba', 627],
  ['13', '東京都', 'Tokyo', 1404],
  ['14', '神奈川県', 'Kanagawa', 923],
  ['15', '新潟県', 'Niigata', 213],
  ['16', '富山県', 'Toyama', 102],
  ['17', '石川県', 'Ishikawa', 111],
  ['18', '福井県', 'Fukui', 75],
  ['19', '山梨県', 'Yamanashi', 80],
  ['20', '長野県', 'Nagano', 202],
  ['21', '岐阜県', 'Gifu', 195],
  ['22', '静岡県', 'Shizuoka', 355],
  ['23', '愛知県', 'Aichi', 748],
  ['24', '三重県', 'Mie', 174],
  ['25', '滋賀県', 'Shiga', 141],
  ['26', '京都府', 'Kyoto', 254],
  ['27', '大阪府', 'Osaka', 878],
  ['28', '兵庫県', 'Hyogo', 540],
  ['29', '奈良県', 'Nara', 131],
  ['30', '和歌山県', 'Wakayama', 90],
  ['31', '鳥取県', 'Tottori', 54],
  ['32', '島根県', 'Shimane', 65],
  ['33', '岡山県', 'Okayama', 186],
  ['34', '広島県', 'Hiroshima', 276],
  ['35', '山口県', 'Yamaguchi', 131],
  ['36', '徳島県', 'Tokushima', 70],
  ['37', '香川県', 'Kagawa', 93],
  ['38', '愛媛県', 'Ehime', 131],
  ['39', '高知県', 'Kochi', 68],
  ['40', '福岡県', 'Fukuoka', 511],
  ['41', '佐賀県', 'Saga', 80],
  ['42', '長崎県', 'Nagasaki', 128],
  ['43', '熊本県', 'Kumamoto', 172],
  ['44', '大分県', 'Oita', 112],
  ['45', '宮崎県', 'Miyazaki', 105],
  ['46', '鹿児島県', 'Kagoshima', 157],
  ['47', '沖縄県', 'Okinawa', 147],
];
const AREA_NAMES: [string, string, string][] = [
  ['a', '北部圏域', 'North'],
  ['b', '中部圏域', 'Central'],
  ['c', '南部圏域', 'South'],
];
// Invented place names (kanji and kana), four per 圏域, rotated per prefecture.
const PLACES: [string, string][] = [
  ['山辺', 'やまべ'],
  ['川原', 'かわはら'],
  ['緑ヶ丘', 'みどりがおか'],
  ['桜台', 'さくらだい'],
  ['北浜', 'きたはま'],
  ['東野', 'ひがしの'],
  ['若葉', 'わかば'],
  ['朝日', 'あさひ'],
  ['青葉', 'あおば'],
  ['中山', 'なかやま'],
  ['南原', 'みなみはら'],
  ['西川', 'にしかわ'],
  ['本町', 'ほんまち'],
  ['松風', 'まつかぜ'],
  ['花園', 'はなぞの'],
  ['森下', 'もりした'],
  ['高原', 'たかはら'],
  ['浜田', 'はまだ'],
];
const SUFFIX: [string, string][] = [
  ['市', 'し'],
  ['町', 'まち'],
  ['村', 'むら'],
  ['市', 'し'],
];

// Organisation kinds (as in the demo seed), one invented word in front, the place behind.
const ORG_KINDS: Record<string, [string, string]> = {
  visiting_nursing: ['訪問看護ステーション', 'ほうもんかんごすてーしょん'],
  consultation_office: ['相談支援事業所', 'そうだんしえんじぎょうしょ'],
  core_consultation_center: ['基幹相談支援センター', 'きかんそうだんしえんせんたー'],
  hospital: ['こども病院', 'こどもびょういん'],
  clinic: ['小児科クリニック', 'しょうにかくりにっく'],
  municipal_office: ['役場 子ども家庭課', 'やくば こどもかていか'],
  health_center: ['保健センター', 'ほけんせんたー'],
  child_development: ['児童発達支援センター', 'じどうはったつしえんせんたー'],
  after_school_day: ['放課後等デイサービス', 'ほうかごとうでいさーびす'],
  short_stay: ['短期入所ホーム', 'たんきにゅうしょほーむ'],
  severe_disability_facility: ['療育園', 'りょういくえん'],
  school: ['特別支援学校（架空）', 'とくべつしえんがっこう'],
  other: ['センター', 'せんたー'],
};
const ORG_WORDS: [string, string][] = [
  ['こもれび', 'こもれび'],
  ['そよかぜ', 'そよかぜ'],
  ['にじいろ', 'にじいろ'],
  ['ほしぞら', 'ほしぞら'],
  ['ひだまり', 'ひだまり'],
  ['つむぎ', 'つむぎ'],
];
const INTRODUCTIONS = [
  '退院直後のご家族の生活の立ち上げを、病院と地域をつなぎながら支えています。',
  '人工呼吸器を使うお子さんの在宅生活の支援経験があります。',
  '就学前後の移行期の支援、学校との調整を多く経験しています。',
  'きょうだい児を含めた家族全体の支援を大切にしています。',
];

export interface Municipality {
  code: string;
  name: string;
  kana: string;
  areaCode: string;
  prefecture: string;
}
export interface Area {
  code: string;
  prefecture: string;
  municipalities: Municipality[];
}

export interface National {
  areas: Area[];
  municipalities: Municipality[];
  areaOf: Map<string, string>;
  prefectureWeights: [string, number][];
}

export function nationalRegions(): National {
  const areas: Area[] = [];
  for (const [p, , ,] of PREFECTURES) {
    const pi = Number(p);
    AREA_NAMES.forEach(([suffix], ai) => {
      const code = `${p}-${suffix}`;
      const municipalities = [0, 1, 2, 3].map((j) => {
        const [place, kana] = PLACES[(pi * 5 + ai * 4 + j) % PLACES.length]!;
        const [s, sk] = SUFFIX[j]!;
        return {
          code: `${p}${ai + 1}${String(j + 1).padStart(2, '0')}`,
          name: `${place}${s}`,
          kana: `${kana}${sk}`,
          areaCode: code,
          prefecture: p,
        };
      });
      areas.push({ code, prefecture: p, municipalities });
    });
  }
  const municipalities = areas.flatMap((a) => a.municipalities);
  return {
    areas,
    municipalities,
    areaOf: new Map(municipalities.map((m) => [m.code, m.areaCode])),
    prefectureWeights: PREFECTURES.map(([code, , , w]) => [code, w]),
  };
}

const arrayLiteral = (values: string[]) =>
  `{${values.map((v) => `"${v.replace(/(["\\])/g, '\\$1')}"`).join(',')}}`;

/** The prefectures, 圏域 and municipalities (like `loadRegionFile`, for all 47 at once). */
export async function loadNationalRegions(pool: pg.Pool, n: National) {
  await pool.query(
    `INSERT INTO prefectures (code, name, name_en) SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT DO NOTHING`,
    [PREFECTURES.map((p) => p[0]), PREFECTURES.map((p) => p[1]), PREFECTURES.map((p) => p[2])],
  );
  await pool.query(
    `INSERT INTO areas (code, prefecture_code, name, name_en, position)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) ON CONFLICT DO NOTHING`,
    [
      n.areas.map((a) => a.code),
      n.areas.map((a) => a.prefecture),
      n.areas.map(
        (a) =>
          `${PREFECTURES.find((p) => p[0] === a.prefecture)![1]} ${AREA_NAMES.find((x) => a.code.endsWith(`-${x[0]}`))![1]}`,
      ),
      n.areas.map(
        (a) =>
          `${PREFECTURES.find((p) => p[0] === a.prefecture)![2]} ${AREA_NAMES.find((x) => a.code.endsWith(`-${x[0]}`))![2]}`,
      ),
      n.areas.map((_, i) => i),
    ],
  );
  await pool.query(
    `INSERT INTO municipalities (code, area_code, name, kana, position)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[]) ON CONFLICT DO NOTHING`,
    [
      n.municipalities.map((m) => m.code),
      n.municipalities.map((m) => m.areaCode),
      n.municipalities.map((m) => m.name),
      n.municipalities.map((m) => m.kana),
      n.municipalities.map((_, i) => i),
    ],
  );
}

interface Org {
  id: string;
  name: string;
  kana: string;
  type: string;
}
export type OrgPool = Map<string, Org[]>; // `${type}:${municipality}` → organisations

/** Six organisations of each kind in each municipality (≈44k in all). */
export async function loadOrganizations(pool: pg.Pool, n: National): Promise<OrgPool> {
  const orgs: OrgPool = new Map();
  const rows: (Org & { municipality: string; address: string })[] = [];
  for (const m of n.municipalities) {
    for (const [type, [kind, kindKana]] of Object.entries(ORG_KINDS)) {
      const list: Org[] = [];
      for (const [word, wordKana] of ORG_WORDS) {
        const org = {
          id: randomUUID(),
          name: `${word}${kind} ${m.name.replace(/[市町村]$/, '')}`,
          kana: `${wordKana}${kindKana}`,
          type,
        };
        list.push(org);
        rows.push({ ...org, municipality: m.code, address: `${m.name}（架空の住所）` });
      }
      orgs.set(`${type}:${m.code}`, list);
    }
  }
  for (let i = 0; i < rows.length; i += 10_000) {
    const b = rows.slice(i, i + 10_000);
    await pool.query(
      `INSERT INTO organizations (id, name, kana, type, municipality_code, address, phone)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      [
        b.map((o) => o.id),
        b.map((o) => o.name),
        b.map((o) => o.kana),
        b.map((o) => o.type),
        b.map((o) => o.municipality),
        b.map((o) => o.address),
        b.map(() => '0000-00-0000'),
      ],
    );
  }
  return orgs;
}

export interface GenerationTiming {
  rows: number;
  jsMs: number;
  dbMs: number;
  totalMs: number;
}

/**
 * Inserts coordinators number `from` … `to - 1` (users + profiles), `batch` rows per statement.
 * Deterministic per index range: the same seed and range give the same people.
 */
export async function loadCoordinators(
  pool: pg.Pool,
  n: National,
  orgs: OrgPool,
  from: number,
  to: number,
  onProgress?: (done: number) => void,
  batch = 5000,
): Promise<GenerationTiming> {
  const r: Rng = rng(0x7e5a + from);
  const areasByPrefecture = new Map<string, Area[]>();
  for (const a of n.areas)
    areasByPrefecture.set(a.prefecture, [...(areasByPrefecture.get(a.prefecture) ?? []), a]);
  let jsMs = 0;
  let dbMs = 0;
  const started = performance.now();
  for (let start = from; start < to; start += batch) {
    const t0 = performance.now();
    const end = Math.min(to, start + batch);
    const cols = {
      id: [] as string[],
      email: [] as string[],
      name: [] as string[],
      kana: [] as string[],
      org: [] as string[],
      orgType: [] as string[],
      quals: [] as string[],
      qualCodes: [] as string[],
      training: [] as number[],
      munis: [] as string[],
      areas: [] as string[],
      domains: [] as string[],
      care: [] as string[],
      accepting: [] as boolean[],
      intro: [] as string[],
      contact: [] as string[],
      text: [] as string[],
      grams: [] as string[],
    };
    for (let i = start; i < end; i++) {
      const prefecture = r.weighted(n.prefectureWeights);
      const area = r.pick(areasByPrefecture.get(prefecture)!);
      const c = generateCoordinator(
        r,
        area.municipalities.map((m) => m.code),
      );
      const org = r.pick(
        orgs.get(`${c.orgType}:${c.municipalityCodes[0]}`) ?? orgs.get(`other:${c.municipalityCodes[0]}`)!,
      );
      const p = projectProfile({ ...c, organization: org }, n.areaOf);
      const id = randomUUID();
      cols.id.push(id);
      cols.email.push(`coordinator${i}@bench.example.jp`);
      cols.name.push(p.displayName);
      cols.kana.push(p.displayKana);
      cols.org.push(org.id);
      cols.orgType.push(org.type);
      cols.quals.push(JSON.stringify(c.qualifications));
      cols.qualCodes.push(arrayLiteral(p.qualificationCodes));
      cols.training.push(c.trainingYear);
      cols.munis.push(arrayLiteral(c.municipalityCodes));
      cols.areas.push(arrayLiteral(p.areaCodes));
      cols.domains.push(arrayLiteral(c.domains));
      cols.care.push(arrayLiteral(c.careTypes));
      cols.accepting.push(c.accepting);
      cols.intro.push(r.pick(INTRODUCTIONS));
      cols.contact.push(`メール: coordinator${i}@bench.example.jp（平日9時〜17時）`);
      cols.text.push(p.searchText);
      cols.grams.push(arrayLiteral(p.searchGrams));
    }
    const t1 = performance.now();
    jsMs += t1 - t0;
    await pool.query(
      `INSERT INTO users (id, email, display_name, display_kana, role, status, organization_id)
       SELECT id, email, name, kana, 'coordinator', 'active', org FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[]) AS t(id, email, name, kana, org)`,
      [cols.id, cols.email, cols.name, cols.kana, cols.org],
    );
    await pool.query(
      `INSERT INTO coordinator_profiles (user_id, display_name, display_kana, organization_id, org_type, qualifications, qualification_codes,
         training_year, municipality_codes, area_codes, domains, care_types, accepting, introduction, contact, search_text, search_grams)
       SELECT id, name, kana, org, org_type, quals::jsonb, qual_codes::text[], training, munis::text[], areas::text[], domains::text[], care::text[],
         accepting, intro, contact, text, grams::text[]
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::int[], $9::text[], $10::text[],
         $11::text[], $12::text[], $13::bool[], $14::text[], $15::text[], $16::text[], $17::text[])
         AS t(id, name, kana, org, org_type, quals, qual_codes, training, munis, areas, domains, care, accepting, intro, contact, text, grams)`,
      [
        cols.id,
        cols.name,
        cols.kana,
        cols.org,
        cols.orgType,
        cols.quals,
        cols.qualCodes,
        cols.training,
        cols.munis,
        cols.areas,
        cols.domains,
        cols.care,
        cols.accepting,
        cols.intro,
        cols.contact,
        cols.text,
        cols.grams,
      ],
    );
    dbMs += performance.now() - t1;
    onProgress?.(end - from);
  }
  return { rows: to - from, jsMs, dbMs, totalMs: performance.now() - started };
}
