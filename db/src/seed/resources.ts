import { eq } from 'drizzle-orm';
import { labelOf, type RegionFile } from '@tsunagu/shared';
import type { Db } from '../connection.ts';
import { organizations, resourceRevisions, resources, users, type AcceptedCare } from '../schema.ts';
import { searchGramsOf, searchTextOf } from '../search-text.ts';
import { fictionalOrganizationName, fictionalPhone } from './people.ts';
import { rng } from './random.ts';

const DAY = 86_400_000;

interface Template {
  serviceType: string;
  orgType: string;
  name: string;
  description: string;
  care: [string, number | null, number | null][];
  ages: [number | null, number | null];
  capacity: 'available' | 'waitlist' | 'not_accepting';
  wait?: 'under_1m' | '1_3m' | 'over_3m';
  /** Days since last confirmed (over 90: stale). */
  confirmedDaysAgo: number;
  notes?: string;
}

// Fictional services with varied medical-care capability; every 圏域 gets each kind, some stale.
const templates: Template[] = [
  {
    serviceType: 'short_stay',
    orgType: 'short_stay',
    name: '医療型短期入所',
    description: '看護師が24時間常駐する医療型短期入所です。1泊2日から最長6泊まで。',
    care: [
      ['ventilator', null, null],
      ['tracheostomy', null, null],
      ['suction', null, null],
      ['tube_feeding', null, null],
      ['oxygen', null, null],
    ],
    ages: [0, 18],
    capacity: 'available',
    confirmedDaysAgo: 12,
    notes: '初回利用の前に面談と主治医意見書が必要です。',
  },
  {
    serviceType: 'visiting_nursing',
    orgType: 'visiting_nursing',
    name: '小児訪問看護',
    description: '小児専門の看護師が在宅でのケアと家族の相談に応じます。24時間電話対応。',
    care: [
      ['ventilator', null, null],
      ['tracheostomy', null, null],
      ['suction', null, null],
      ['tube_feeding', null, null],
      ['oxygen', null, null],
      ['central_venous', null, null],
      ['seizure_response', null, null],
      ['catheterization', null, null],
    ],
    ages: [0, null],
    capacity: 'waitlist',
    wait: 'under_1m',
    confirmedDaysAgo: 30,
  },
  {
    serviceType: 'child_development',
    orgType: 'child_development',
    name: '児童発達支援（重症心身障害児）',
    description: '看護師配置の児童発達支援。送迎あり。',
    care: [
      ['tube_feeding', null, null],
      ['suction', null, null],
      ['seizure_response', null, null],
      ['oxygen', 1, 6],
    ],
    ages: [0, 6],
    capacity: 'waitlist',
    wait: '1_3m',
    confirmedDaysAgo: 45,
  },
  {
    serviceType: 'after_school_day',
    orgType: 'after_school_day',
    name: '放課後等デイサービス',
    description: '医療的ケアのある小中高生の放課後の居場所です。',
    care: [
      ['tube_feeding', null, null],
      ['suction', null, null],
      ['blood_glucose', null, null],
      ['subcutaneous_injection', null, null],
      ['seizure_response', null, null],
    ],
    ages: [6, 18],
    capacity: 'available',
    confirmedDaysAgo: 140,
  },
  {
    serviceType: 'short_stay',
    orgType: 'severe_disability_facility',
    name: '短期入所（福祉型）',
    description: '日中活動と入浴を含む短期入所。呼吸器の受け入れは就学後から。',
    care: [
      ['ventilator', 6, 18],
      ['tracheostomy', null, null],
      ['suction', null, null],
      ['tube_feeding', null, null],
    ],
    ages: [3, 18],
    capacity: 'not_accepting',
    confirmedDaysAgo: 200,
    notes: '改修工事のため新規の受け入れを停止中。',
  },
  {
    serviceType: 'daytime_temporary',
    orgType: 'after_school_day',
    name: '日中一時支援',
    description: '日中の見守りと入浴。保護者の休息に。',
    care: [
      ['tube_feeding', null, null],
      ['seizure_response', null, null],
    ],
    ages: [3, 18],
    capacity: 'waitlist',
    wait: 'over_3m',
    confirmedDaysAgo: 60,
  },
  {
    serviceType: 'home_visit_medical',
    orgType: 'clinic',
    name: '小児在宅訪問診療',
    description: '在宅で療養する子どもへの定期訪問診療。',
    care: [
      ['ventilator', null, null],
      ['tracheostomy', null, null],
      ['oxygen', null, null],
      ['central_venous', null, null],
      ['dialysis', null, null],
    ],
    ages: [0, 20],
    capacity: 'available',
    confirmedDaysAgo: 100,
  },
];

/**
 * The demo's resource directory: fictional services over every 圏域, some stale, with varied
 * care capability and capacity. The supporter's short-stay organisation gets a 短期入所 that
 * accepts ventilator and tracheostomy (the browser journey finds it). Runs once, inside seedDemo.
 */
export async function seedDemoResources(db: Db, region: RegionFile, now = new Date()): Promise<number> {
  const r = rng(20261204);
  const areaOf = new Map(region.areas.flatMap((a) => a.municipalities.map((m) => [m.code, a.code] as const)));
  const [supporter] = await db.select().from(users).where(eq(users.email, 'supporter@example.jp'));
  const [admin] = await db.select().from(users).where(eq(users.email, 'center@example.jp'));
  let count = 0;

  async function organization(type: string, municipality: string, place: string) {
    for (let i = 0; i < 10; i++) {
      const { name, kana } = fictionalOrganizationName(r, type, place);
      const [row] = await db
        .insert(organizations)
        .values({
          name,
          kana,
          type,
          municipalityCode: municipality,
          address: `${place}（架空の住所）${r.int(1, 9)}-${r.int(1, 30)}`,
          phone: fictionalPhone(r),
        })
        .onConflictDoNothing()
        .returning();
      if (row) return row;
    }
    throw new Error('could not name a demo organisation');
  }

  async function add(
    org: { id: string; name: string; kana: string },
    t: Template,
    municipalities: string[],
    confirmedDaysAgo: number,
  ) {
    const careAccepted: AcceptedCare[] = t.care.map(([code, minAge, maxAge]) => ({ code, minAge, maxAge }));
    // The organisation's name is matched at query time (it may be renamed), so it is not copied here.
    const searchText = searchTextOf([t.name, labelOf('serviceTypes', t.serviceType)]);
    const confirmedAt = new Date(+now - confirmedDaysAgo * DAY);
    const [row] = await db
      .insert(resources)
      .values({
        organizationId: org.id,
        serviceType: t.serviceType,
        name: t.name,
        description: t.description,
        municipalityCodes: municipalities,
        areaCodes: [...new Set(municipalities.map((m) => areaOf.get(m)!).filter(Boolean))],
        careTypes: careAccepted.map((c) => c.code),
        careAccepted,
        ageMin: t.ages[0],
        ageMax: t.ages[1],
        capacity: t.capacity,
        waitEstimate: t.wait ?? null,
        confirmedAt,
        confirmedBy: admin?.id ?? null,
        contact: `電話 ${fictionalPhone(r)}（平日9時〜17時）`,
        notes: t.notes ?? '',
        searchText,
        searchGrams: searchGramsOf(searchText),
        createdBy: admin?.id ?? null,
        createdAt: confirmedAt,
        updatedAt: confirmedAt,
      })
      .onConflictDoNothing()
      .returning({ id: resources.id });
    if (!row) return;
    count++;
    await db.insert(resourceRevisions).values({
      resourceId: row.id,
      actorId: admin?.id ?? null,
      action: 'created',
      previous: {},
      changes: { serviceType: t.serviceType, name: t.name },
      at: confirmedAt,
    });
  }

  // The supporter's own short stay (西部): ventilator and tracheostomy, available now.
  if (supporter?.organizationId) {
    const [org] = await db.select().from(organizations).where(eq(organizations.id, supporter.organizationId));
    const area =
      region.areas.find((a) => a.municipalities.some((m) => m.code === org?.municipalityCode)) ??
      region.areas[0]!;
    if (org)
      await add(
        org,
        { ...templates[0]!, name: '医療型短期入所（レスパイト）', confirmedDaysAgo: 3 },
        area.municipalities.map((m) => m.code),
        3,
      );
  }
  for (const area of region.areas) {
    const codes = area.municipalities.map((m) => m.code);
    for (const [i, t] of templates.entries()) {
      const home = codes[i % codes.length]!;
      const place = area.municipalities.find((m) => m.code === home)!.name;
      const org = await organization(t.orgType, home, place);
      const served = i % 3 === 0 ? codes : r.sample(codes, Math.min(codes.length, r.int(2, 5)));
      if (!served.includes(home)) served.unshift(home);
      // A little variety between 圏域: some entries are confirmed later or earlier than the template.
      await add(org, t, served, Math.max(1, t.confirmedDaysAgo + r.int(-10, 10)));
    }
  }
  return count;
}
