import { sql } from 'drizzle-orm';
import { hash } from '@node-rs/argon2';
import { codesOf, type RegionFile } from '@tsunagu/shared';
import type { Database } from '../connection.ts';
import { projectProfile } from '../profile-projection.ts';
import { coordinatorProfiles, organizations, users } from '../schema.ts';
import { fictionalOrganizationName, fictionalPerson, fictionalPhone } from './people.ts';
import { rng, type Rng } from './random.ts';
import { seedDemoResources } from './resources.ts';

export const DEMO_PASSWORD = 'tsunagu-demo-2026';
/** Demo only: the centre and admin accounts come with this TOTP secret already enrolled. */
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXP';
export const DEMO_COORDINATORS = 80;

// Roughly the survey's mix: consultation specialists and nurses most, then public health nurses…
const qualificationMix = [
  ['consultation_specialist', 34],
  ['nurse', 30],
  ['public_health_nurse', 12],
  ['social_worker', 7],
  ['childcare_worker', 3],
  ['physical_therapist', 3],
  ['care_worker', 3],
  ['psychiatric_social_worker', 2],
  ['occupational_therapist', 2],
  ['teacher', 2],
  ['other', 2],
] as const;
const secondQualification: Record<string, string> = {
  nurse: 'public_health_nurse',
  public_health_nurse: 'nurse',
  social_worker: 'psychiatric_social_worker',
  consultation_specialist: 'care_worker',
  childcare_worker: 'child_instructor',
};
const orgTypeFor: Record<string, string[]> = {
  consultation_specialist: ['consultation_office', 'core_consultation_center'],
  nurse: ['visiting_nursing', 'hospital', 'clinic', 'severe_disability_facility'],
  public_health_nurse: ['municipal_office', 'health_center'],
  social_worker: ['hospital', 'core_consultation_center'],
  psychiatric_social_worker: ['hospital'],
  childcare_worker: ['child_development', 'after_school_day'],
  physical_therapist: ['severe_disability_facility', 'child_development'],
  occupational_therapist: ['child_development'],
  care_worker: ['short_stay', 'after_school_day'],
  teacher: ['school'],
  other: ['child_development'],
};
const introductions = [
  '退院直後のご家族の生活の立ち上げを、病院と地域をつなぎながら支えています。',
  '人工呼吸器を使うお子さんの在宅生活の支援経験があります。お気軽にご相談ください。',
  '就学前後の移行期の支援、学校との調整を多く経験しています。',
  'きょうだい児を含めた家族全体の支援を大切にしています。',
  '短期入所やレスパイトの調整について、地域の事業所と連携しています。',
  '多職種での担当者会議の開催・運営をお手伝いできます。',
];

export interface DemoAccount {
  email: string;
  role: string;
  totp?: string;
}

export interface GeneratedCoordinator {
  displayName: string;
  displayKana: string;
  qualifications: { code: string; years: number }[];
  municipalityCodes: string[];
  careTypes: string[];
  domains: string[];
  accepting: boolean;
  trainingYear: number;
  orgType: string;
}

/** One fictional coordinator in a given 圏域 (also used by the benchmark's national generator). */
export function generateCoordinator(r: Rng, areaMunicipalities: string[]): GeneratedCoordinator {
  const primary = r.weighted(qualificationMix);
  const qualifications: { code: string; years: number }[] = [{ code: primary, years: r.int(2, 30) }];
  const second = secondQualification[primary];
  if (second && r.next() < 0.3) qualifications.push({ code: second, years: r.int(1, 15) });
  const medical = ['nurse', 'public_health_nurse', 'physical_therapist'].includes(primary);
  const careTypes = r.sample(codesOf('medicalCareTypes'), medical ? r.int(3, 9) : r.int(1, 5));
  if (medical && r.next() < 0.6 && !careTypes.includes('ventilator')) careTypes.push('ventilator');
  return {
    ...fictionalPerson(r),
    qualifications,
    municipalityCodes: r.sample(areaMunicipalities, r.int(1, Math.min(3, areaMunicipalities.length))),
    careTypes,
    domains: r.sample(codesOf('supportDomains'), r.int(1, 3)),
    accepting: r.next() < 0.6,
    trainingYear: r.int(2016, 2025),
    orgType: r.pick(orgTypeFor[primary] ?? ['other']),
  };
}

/**
 * The demo: about 80 fictional coordinators over the prefecture's 圏域, their organisations,
 * one supporter, one centre account and one admin. Runs only on an empty database.
 */
export async function seedDemo(database: Database, region: RegionFile): Promise<DemoAccount[]> {
  const { db } = database;
  const existing = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  if ((existing[0]?.n ?? 0) > 0) return [];
  const r = rng(20261121);
  const passwordHash = await hash(DEMO_PASSWORD, { memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const areaOf = new Map(region.areas.flatMap((a) => a.municipalities.map((m) => [m.code, a.code] as const)));
  const municipalityName = new Map(
    region.areas.flatMap((a) => a.municipalities.map((m) => [m.code, m.name] as const)),
  );

  const orgCache = new Map<string, { id: string; name: string; kana: string; type: string }>();
  async function organizationFor(type: string, municipality: string) {
    const key = `${type}:${municipality}`;
    const found = orgCache.get(key);
    if (found && r.next() < 0.6) return found;
    const { name, kana } = fictionalOrganizationName(
      r,
      type,
      municipalityName.get(municipality)?.replace(/[市町村]$/, '') ?? '',
    );
    const [row] = await db
      .insert(organizations)
      .values({
        name,
        kana,
        type,
        municipalityCode: municipality,
        address: `${municipalityName.get(municipality) ?? ''}（架空の住所）${r.int(1, 9)}-${r.int(1, 30)}`,
        phone: fictionalPhone(r),
      })
      .onConflictDoNothing()
      .returning();
    const org = row ?? found;
    if (!org) return organizationFor(type, municipality);
    orgCache.set(key, { id: org.id, name: org.name, kana: org.kana, type: org.type });
    return orgCache.get(key)!;
  }

  const accounts: DemoAccount[] = [];
  // Spread over the 圏域 like the survey (the eastern and western areas are the larger ones).
  const areaWeights = region.areas.map((a, i) => [a, i === 1 ? 2 : 3] as const);
  for (let i = 1; i <= DEMO_COORDINATORS; i++) {
    const area =
      i === 1
        ? (region.areas.find((a) => a.code.endsWith('west')) ?? region.areas[0]!)
        : r.weighted(areaWeights);
    const c = generateCoordinator(
      r,
      area.municipalities.map((m) => m.code),
    );
    if (i === 1) {
      c.qualifications = [{ code: 'nurse', years: 12 }];
      c.careTypes = ['ventilator', 'tracheostomy', 'suction', 'tube_feeding'];
      c.orgType = 'visiting_nursing';
    }
    const org = await organizationFor(c.orgType, c.municipalityCodes[0]!);
    const email = i === 1 ? 'coordinator@example.jp' : `coordinator${i}@example.jp`;
    const [user] = await db
      .insert(users)
      .values({
        email,
        displayName: c.displayName,
        displayKana: c.displayKana,
        role: 'coordinator',
        status: 'active',
        organizationId: org.id,
        passwordHash,
      })
      .returning({ id: users.id });
    const introduction = r.pick(introductions);
    await db.insert(coordinatorProfiles).values({
      userId: user!.id,
      organizationId: org.id,
      qualifications: c.qualifications,
      trainingYear: c.trainingYear,
      municipalityCodes: c.municipalityCodes,
      domains: c.domains,
      careTypes: c.careTypes,
      accepting: c.accepting,
      introduction,
      contact: `メール: ${email} / 電話: ${fictionalPhone(r)}（平日9時〜17時）`,
      ...projectProfile({ ...c, organization: org, introduction }, areaOf),
    });
    if (i === 1) accounts.push({ email, role: 'coordinator' });
  }
  accounts.push({ email: 'coordinator2@example.jp … coordinator80@example.jp', role: 'coordinator' });

  const firstMunicipality = region.areas[0]!.municipalities[0]!.code;
  const westMunicipality = (region.areas.find((a) => a.code.endsWith('west')) ?? region.areas[0]!)
    .municipalities[0]!.code;
  const shortStay = await organizationFor('short_stay', westMunicipality);
  const [center] = await db
    .insert(organizations)
    .values({
      name: 'つなぐ医療的ケア児等支援センター（デモ）',
      kana: 'つなぐいりょうてきけあじとうしえんせんたー',
      type: 'support_center',
      municipalityCode: firstMunicipality,
      address: '（架空の住所）',
      phone: fictionalPhone(r),
    })
    .returning();
  const staff = [
    {
      email: 'supporter@example.jp',
      displayName: '森 千尋',
      displayKana: 'もり ちひろ',
      role: 'supporter',
      organizationId: shortStay.id,
    },
    {
      email: 'center@example.jp',
      displayName: '支援センター 職員',
      displayKana: 'しえんせんたー しょくいん',
      role: 'center_staff',
      organizationId: center!.id,
      totpSecret: DEMO_TOTP_SECRET,
      totpEnabled: true,
    },
    {
      email: 'admin@example.jp',
      displayName: 'システム 管理者',
      displayKana: 'しすてむ かんりしゃ',
      role: 'admin',
      organizationId: null,
      totpSecret: DEMO_TOTP_SECRET,
      totpEnabled: true,
    },
  ];
  for (const s of staff) {
    await db.insert(users).values({ ...s, status: 'active', passwordHash });
    accounts.push({ email: s.email, role: s.role, ...(s.totpSecret ? { totp: s.totpSecret } : {}) });
  }
  await seedDemoResources(db, region);
  return accounts;
}
