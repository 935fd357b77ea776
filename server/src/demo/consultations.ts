import { eq, inArray } from 'drizzle-orm';
import { schema, type Database } from '@tsunagu/db';
import type { ConsultationCreateBody, Role } from '@tsunagu/shared';
import { createCaseReport, reviewCaseReport } from '../features/case-reports/service.ts';
import {
  addReply,
  createConsultation,
  patchConsultation,
  type ConsultationContext,
} from '../features/consultations/service.ts';
import { AreaDirectory } from '../features/reference/service.ts';
import type { Actor } from '../types.ts';
import { notifyingEvents } from './events.ts';

/** Fictional difficult cases, in the spirit of the survey's 5-3 answers; no child is identifiable. */
const cases: (ConsultationCreateBody & { by: string; to: string[] })[] = [
  {
    by: 'coordinator@example.jp',
    to: ['triaged'],
    title: '人工呼吸器を使う就学前児の短期入所先がない',
    categories: ['resource_shortage', 'respite'],
    ageBand: 'preschool',
    careTypes: ['ventilator', 'tracheostomy', 'suction'],
    area: '31-west',
    livingSituation:
      '両親ときょうだいの4人暮らし。母が主介護者で、夜間の吸引のため睡眠が細切れになっている。',
    tried: '圏域内の短期入所2か所に相談したが、呼吸器は受け入れ不可との回答だった。',
    asked: '呼吸器の児を受け入れた実績のある事業所や、レスパイトの工夫を知りたい。',
    urgency: 'high',
  },
  {
    by: 'coordinator2@example.jp',
    to: [],
    title: '医療的ケアのある児の保育所入所にあたっての看護師配置',
    categories: ['service_coordination', 'team_building'],
    ageBand: 'toddler',
    careTypes: ['tube_feeding'],
    area: '31-east',
    livingSituation: '両親共働き。母の復職に合わせて保育所入所を希望している。',
    tried: '市の保育課と面談。看護師配置の前例がないと言われた。',
    asked: '他市町村での看護師配置の進め方、加算の使い方を教えてほしい。',
    urgency: 'normal',
  },
  {
    by: 'coordinator4@example.jp',
    to: ['triaged', 'in_progress'],
    title: '退院直後からの多職種チームづくり',
    categories: ['team_building', 'information_sharing'],
    ageBand: 'infant',
    careTypes: ['oxygen', 'tube_feeding'],
    area: '31-central',
    livingSituation: 'NICUから退院予定。初めての子育てで家族の不安が大きい。',
    tried: '病院の退院調整会議に参加。地域側の支援者がまだ揃っていない。',
    asked: '退院前カンファレンスに誰を呼ぶべきか、役割分担の例を知りたい。',
    urgency: 'urgent',
  },
  {
    by: 'coordinator@example.jp',
    to: ['triaged', 'in_progress', 'answered'],
    title: '特別支援学校への通学時の吸引対応',
    categories: ['school_transition', 'medical_knowledge'],
    ageBand: 'elementary',
    careTypes: ['suction', 'tracheostomy'],
    area: '31-west',
    livingSituation: 'スクールバスでの通学を希望。現在は保護者が送迎している。',
    tried: '学校と教育委員会に相談。バス内の吸引に対応できる人がいない。',
    asked: '通学中の医療的ケアについて、他地域の取り組みを知りたい。',
    urgency: 'normal',
  },
  {
    by: 'coordinator5@example.jp',
    to: ['triaged', 'in_progress', 'answered', 'closed'],
    title: '災害時の電源確保と個別避難計画',
    categories: ['disaster'],
    ageBand: 'junior_high',
    careTypes: ['ventilator', 'oxygen'],
    area: '31-east',
    livingSituation: '山間部在住。停電時の電源確保に家族が不安を感じている。',
    tried: '市の防災担当と個別避難計画の作成を始めた。',
    asked: '発電機・蓄電池の準備や、避難先の医療機関との調整の例を知りたい。',
    urgency: 'high',
  },
  {
    by: 'coordinator6@example.jp',
    to: ['triaged', 'in_progress', 'answered', 'reopened'],
    title: '成人期への移行：通所先が見つからない',
    categories: ['adult_transition', 'resource_shortage'],
    ageBand: 'high_school',
    careTypes: ['tube_feeding', 'seizure_response'],
    area: '31-central',
    livingSituation: '卒業後の日中活動の場を探している。家族は在宅だけの生活を心配している。',
    tried: '生活介護事業所3か所を見学したが、経管栄養への対応が難しいと言われた。',
    asked: '医療的ケアに対応できる生活介護の事例や、事業所への働きかけ方を知りたい。',
    urgency: 'normal',
  },
];

const replies: Record<string, string> = {
  in_progress: '状況を確認しました。圏域内外の事業所の受け入れ状況を調べています。',
  answered:
    '他圏域で同様の調整を行った例があります。担当者会議で役割分担を決め、主治医の指示書を早めに準備するとスムーズでした。',
};

/** Seeds the demo's consultations through the same services users go through, and two case reports. */
export async function seedDemoConsultations(database: Database): Promise<void> {
  const { db } = database;
  const accounts = await db
    .select()
    .from(schema.users)
    .where(inArray(schema.users.email, ['center@example.jp', ...new Set(cases.map((c) => c.by))]));
  const actor = (email: string): Actor => {
    const user = accounts.find((u) => u.email === email)!;
    return {
      userId: user.id,
      role: user.role as Role,
      sessionId: 'seed',
      organizationId: user.organizationId,
      totpSetupRequired: false,
    };
  };
  const centre = actor('center@example.jp');
  const ctx: ConsultationContext = { db, areas: new AreaDirectory(db), events: notifyingEvents(), ip: null };
  const [expert] = await db
    .select()
    .from(schema.users)
    .where(eq(schema.users.email, 'coordinator3@example.jp'));
  const answered: { id: string; by: Actor }[] = [];
  for (const { by, to, ...body } of cases) {
    const author = actor(by);
    const created = await createConsultation(ctx, author, body);
    for (const status of to) {
      if (status === 'in_progress') await addReply(ctx, centre, created.id, { body: replies.in_progress! });
      else if (status === 'answered')
        await addReply(ctx, centre, created.id, { body: replies.answered!, markAsAnswer: true });
      else if (status === 'reopened')
        await patchConsultation(ctx, author, created.id, { status: 'reopened' });
      else if (status === 'triaged')
        await patchConsultation(ctx, centre, created.id, {
          status: 'triaged',
          assigneeId: centre.userId,
          ...(expert && by !== expert.email ? { inviteUserIds: [expert.id] } : {}),
        });
      else if (status === 'closed') await patchConsultation(ctx, centre, created.id, { status: 'closed' });
    }
    if (to.includes('answered')) answered.push({ id: created.id, by: author });
  }
  await createConsultation(ctx, actor('coordinator@example.jp'), {
    draft: true,
    title: '（下書き）きょうだい児への支援について',
    categories: ['family_gap'],
  });

  const reports = [
    {
      title: '通学中の吸引：看護師同乗までの調整',
      summary:
        '教育委員会・学校・訪問看護・主治医で協議し、スクールバスに看護師が同乗する体制を整えた。試行期間を設け、保護者の付き添いを段階的に減らした。',
      whatWorked: '早い段階の担当者会議、主治医の指示書の準備、試行期間の設定。',
      categories: ['school_transition', 'team_building'],
      careTypes: ['suction', 'tracheostomy'],
      ageBand: 'elementary',
      area: '31-west',
    },
    {
      title: '在宅人工呼吸器の児の災害への備え',
      summary:
        '個別避難計画の作成にあわせ、電力会社への登録、蓄電池の準備、避難先病院との事前調整を行った。停電を想定した訓練を家族と実施した。',
      whatWorked: '防災担当・訪問看護・医療機器業者を交えた訓練で、家族の不安が軽くなった。',
      categories: ['disaster'],
      careTypes: ['ventilator', 'oxygen'],
      ageBand: 'junior_high',
      area: '31-east',
    },
  ];
  for (const [i, report] of reports.entries()) {
    const source = answered[i];
    if (!source) continue;
    const created = await createCaseReport(ctx, centre, { ...report, consultationId: source.id });
    await reviewCaseReport(ctx, centre, created.id, { decision: 'publish' });
  }
}
