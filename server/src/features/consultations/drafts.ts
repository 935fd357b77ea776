import { and, eq } from 'drizzle-orm';
import { schema } from '@tsunagu/db';
import {
  consultationFieldsToPost,
  consultationTextFields,
  type ConsultationFieldToPost,
  type ConsultationCreateBody,
  type ConsultationStatus,
  type Priority,
} from '@tsunagu/shared';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { getResponseTargets } from '../settings/service.ts';
import { addBusinessTime } from './business-clock.ts';
import { freshClosureDays } from './closure-calendar.ts';
import { now, type ConsultationContext } from './context.ts';
import { checkTexts, refuseUnlessOverridden } from './pii-gate.ts';
import * as policy from './policy.ts';
import { getConsultation } from './reading.ts';
import * as repo from './repository.ts';

// Writing a consultation: drafts kept by their author, and posting (checked for personal data).

const { consultations: c, consultationEvents: events, users } = schema;

/** The names of the fields a post needs, in both languages (for the refusal). */
const toPostLabels: Record<ConsultationFieldToPost, [string, string]> = {
  title: ['件名', 'title'],
  categories: ['相談の分類', 'categories'],
  asked: ['センターに聞きたいこと', 'what you ask'],
  ageBand: ['年齢区分', 'age band'],
  area: ['圏域', 'area'],
};

function requirePostable(values: {
  title: string;
  categories: string[];
  asked: string;
  ageBand: string | null;
  areaCode: string | null;
}) {
  const given: Record<ConsultationFieldToPost, boolean> = {
    title: !!values.title.trim(),
    categories: values.categories.length > 0,
    asked: !!values.asked.trim(),
    ageBand: !!values.ageBand,
    area: !!values.areaCode,
  };
  const missing = consultationFieldsToPost
    .filter((field) => !given[field])
    .map((field) => [field, ...toPostLabels[field]] as const);
  if (missing.length)
    throw new AppError(
      'validation',
      missing.map(([field, ja, en]) => ({ field, message: `${ja}を入力してください / enter the ${en}` })),
      {
        ja: `投稿するには次の項目が必要です: ${missing.map((m) => m[1]).join('、')}`,
        en: `To post, fill in: ${missing.map((m) => m[2]).join(', ')}`,
      },
    );
}

async function checkArea(ctx: ConsultationContext, area: string | null | undefined) {
  if (!area) return;
  const { areas } = await ctx.areas.all();
  if (!areas.some((a) => a.code === area))
    throw new AppError('validation', [
      { field: 'area', message: `圏域「${area}」はありません / there is no area "${area}"` },
    ]);
}

/** Creates a draft or posts a consultation (checked for personal data). */
export async function createConsultation(
  ctx: ConsultationContext,
  actor: Actor,
  body: ConsultationCreateBody,
) {
  await checkArea(ctx, body.area);
  const values = {
    title: body.title ?? '',
    categories: [...new Set(body.categories ?? [])],
    ageBand: body.ageBand ?? null,
    careTypes: [...new Set(body.careTypes ?? [])],
    areaCode: body.area ?? null,
    livingSituation: body.livingSituation ?? '',
    tried: body.tried ?? '',
    asked: body.asked ?? '',
    body: body.body ?? '',
    urgency: body.urgency ?? 'normal',
  };
  if (!body.draft) return post(ctx, actor, null, values, body.piiOverride);
  const [row] = await ctx.db
    .insert(c)
    .values({ ...values, authorId: actor.userId, status: 'draft', priority: values.urgency })
    .returning();
  return getConsultation(ctx, actor, row!.id);
}

/** Edits a draft (author only); with `draft: false` it is posted. */
export async function updateDraft(
  ctx: ConsultationContext,
  actor: Actor,
  id: string,
  body: ConsultationCreateBody,
) {
  const existing = await repo.findConsultation(ctx.db, id);
  if (!existing || existing.authorId !== actor.userId) throw notFound();
  if (!policy.canEditDraft('author', existing.status as ConsultationStatus))
    throw new AppError('invalid_transition', undefined, {
      ja: '投稿済みの相談は下書きとして編集できません。',
      en: 'A posted consultation is no longer a draft.',
    });
  await checkArea(ctx, body.area);
  const values = {
    title: body.title ?? existing.title,
    categories: body.categories ? [...new Set(body.categories)] : existing.categories,
    ageBand: body.ageBand !== undefined ? body.ageBand : existing.ageBand,
    careTypes: body.careTypes ? [...new Set(body.careTypes)] : existing.careTypes,
    areaCode: body.area !== undefined ? body.area : existing.areaCode,
    livingSituation: body.livingSituation ?? existing.livingSituation,
    tried: body.tried ?? existing.tried,
    asked: body.asked ?? existing.asked,
    body: body.body ?? existing.body,
    urgency: body.urgency ?? (existing.urgency as Priority),
  };
  if (body.draft === false) return post(ctx, actor, id, values, body.piiOverride);
  await ctx.db
    .update(c)
    .set({ ...values, priority: values.urgency, updatedAt: new Date() })
    .where(eq(c.id, id));
  return getConsultation(ctx, actor, id);
}

async function post(
  ctx: ConsultationContext,
  actor: Actor,
  draftId: string | null,
  values: Omit<typeof c.$inferInsert, 'authorId'> & {
    title: string;
    categories: string[];
    asked: string;
    ageBand: string | null;
    areaCode: string | null;
    urgency: string;
  },
  override: { reason: string } | undefined,
) {
  requirePostable(values);
  await freshClosureDays(ctx.db);
  const findings = checkTexts(
    Object.fromEntries(
      consultationTextFields.map((f) => [f, (values as Record<string, unknown>)[f] as string]),
    ),
  );
  refuseUnlessOverridden(findings, override);
  const postedAt = now(ctx);
  const priority = values.urgency as Priority;
  const targets = await getResponseTargets(ctx.db);
  const record = {
    ...values,
    status: 'new',
    priority,
    postedAt,
    firstResponseDueAt: addBusinessTime(postedAt, targets[priority]),
    piiOverride: findings.length && override ? { reason: override.reason, findings } : null,
    updatedAt: postedAt,
  };
  const id = await ctx.events.transaction(ctx.db, async (tx) => {
    const [row] = draftId
      ? await tx.update(c).set(record).where(eq(c.id, draftId)).returning({ id: c.id })
      : await tx
          .insert(c)
          .values({ ...record, authorId: actor.userId })
          .returning({ id: c.id });
    await tx.insert(events).values({
      consultationId: row!.id,
      actorId: actor.userId,
      kind: 'status',
      fromValue: 'draft',
      toValue: 'new',
    });
    if (record.piiOverride)
      await tx.insert(events).values({
        consultationId: row!.id,
        actorId: actor.userId,
        kind: 'pii_override',
        toValue: String(findings.length),
      });
    const centre = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.role, 'center_staff'), eq(users.status, 'active')));
    await ctx.events.publish(tx, 'consultation.posted', {
      consultationId: row!.id,
      actorId: actor.userId,
      recipients: centre.map((u) => u.id).filter((u) => u !== actor.userId),
    });
    return row!.id;
  });
  return getConsultation(ctx, actor, id);
}
