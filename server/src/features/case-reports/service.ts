import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { normalizeForSearch, schema, searchTextOf, type Db } from '@tsunagu/db';
import type {
  CaseReport,
  CaseReportBody,
  CaseReportListQuery,
  CaseReportPatchBody,
  CaseReviewBody,
} from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { checkTexts } from '../consultations/pii-gate.ts';
import * as policy from './policy.ts';
import type { EventBus } from '../../lib/events.ts';
import type { AreaDirectory } from '../reference/service.ts';
import { containsPattern, textArray } from '../../lib/sql.ts';

const { caseReports: r, consultations, users } = schema;
type Row = typeof r.$inferSelect;

export interface CaseReportContext {
  db: Db;
  areas: AreaDirectory;
  events: EventBus;
  ip: string | null;
}

const isCentre = (actor: Actor) => actor.role === 'center_staff';

function toCaseReport(actor: Actor, row: Row, authorName: string): CaseReport {
  return {
    id: row.id,
    consultationId: row.consultationId,
    author: { id: row.authorId, displayName: authorName },
    status: row.status as CaseReport['status'],
    title: row.title,
    summary: row.summary,
    whatWorked: row.whatWorked,
    categories: row.categories,
    careTypes: row.careTypes,
    ageBand: row.ageBand,
    area: row.areaCode,
    reviewComment: row.reviewComment,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    updatedAt: row.updatedAt.toISOString(),
    can: policy.caseReportCan(actor, row),
  };
}

/** Case reports are anonymised: personal data is refused outright (no override here). */
function refusePersonalData(texts: Record<string, string | undefined>) {
  const findings = checkTexts(texts);
  if (findings.length)
    throw new AppError(
      'pii_found',
      findings.map((f) => ({ field: f.field, message: `${f.kind} ${f.start}-${f.end}` })),
      undefined,
      { findings },
    );
}

export async function listCaseReports(db: Db, actor: Actor, query: CaseReportListQuery) {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const conditions: SQL[] = [];
  const visibility = isCentre(actor)
    ? sql`true`
    : or(eq(r.status, 'published'), eq(r.authorId, actor.userId))!;
  conditions.push(visibility);
  if (query.mine) conditions.push(eq(r.authorId, actor.userId));
  if (query.status?.length) conditions.push(inArray(r.status, query.status));
  else if (!query.mine) conditions.push(eq(r.status, 'published'));
  if (query.category?.length) conditions.push(sql`${r.categories} && ${textArray(query.category)}`);
  if (query.careType?.length) conditions.push(sql`${r.careTypes} @> ${textArray(query.careType)}`);
  if (query.ageBand?.length) conditions.push(inArray(r.ageBand, query.ageBand));
  if (query.area?.length) conditions.push(inArray(r.areaCode, query.area));
  const q = normalizeForSearch(query.q ?? '');
  if (q) conditions.push(sql`${r.searchText} LIKE ${containsPattern(q)}`);
  const rows = await db
    .select({ report: r, authorName: users.displayName, total: sql<number>`count(*) OVER ()` })
    .from(r)
    .innerJoin(users, eq(users.id, r.authorId))
    .where(and(...conditions))
    .orderBy(sql`${r.publishedAt} DESC NULLS LAST`, sql`${r.updatedAt} DESC`, r.id)
    .limit(pageSize)
    .offset((page - 1) * pageSize);
  return {
    items: rows.map((x) => toCaseReport(actor, x.report, x.authorName)),
    total: rows[0]?.total ?? 0,
    page,
    pageSize,
  };
}

async function load(db: Db, actor: Actor, id: string) {
  const [row] = await db
    .select({ report: r, authorName: users.displayName })
    .from(r)
    .innerJoin(users, eq(users.id, r.authorId))
    .where(eq(r.id, id));
  if (!row || !policy.canRead(actor, row.report)) throw notFound();
  return row;
}

export async function getCaseReport(db: Db, actor: Actor, id: string) {
  const row = await load(db, actor, id);
  return toCaseReport(actor, row.report, row.authorName);
}

async function checkArea(ctx: CaseReportContext, area: string | null | undefined) {
  if (area && !(await ctx.areas.all()).areas.some((a) => a.code === area))
    throw new AppError('validation', [
      { field: 'area', message: `圏域「${area}」はありません / there is no area "${area}"` },
    ]);
}

const searchTextFor = (v: { title: string; summary: string; whatWorked: string }) =>
  searchTextOf([v.title, v.summary, v.whatWorked]);

/**
 * Written from an answered or closed consultation by centre staff (a draft they publish when
 * ready) or by the consultation's author (submitted for the centre's review). Nothing is
 * copied from the consultation: the report is written anew and reviewed before publication.
 */
export async function createCaseReport(ctx: CaseReportContext, actor: Actor, body: CaseReportBody) {
  if (body.consultationId) {
    const [c] = await ctx.db.select().from(consultations).where(eq(consultations.id, body.consultationId));
    if (!c || !policy.canWriteFrom(actor, c)) throw notFound();
    if (c.status !== 'answered' && c.status !== 'closed')
      throw new AppError('invalid_transition', undefined, {
        ja: '事例報告は回答済みまたは完了した相談から作成できます。',
        en: 'A case report is written from an answered or closed consultation.',
      });
  } else if (!policy.canWriteFrom(actor, null)) {
    throw new AppError('validation', [
      {
        field: 'consultationId',
        message: '元になる相談を選んでください / choose the consultation it comes from',
      },
    ]);
  }
  await checkArea(ctx, body.area);
  const values = { title: body.title, summary: body.summary, whatWorked: body.whatWorked ?? '' };
  refusePersonalData(values);
  // The centre's own report waits as a draft until it publishes it; an author's goes to review.
  const status = policy.goesToReview(actor) ? 'in_review' : 'draft';
  const row = await ctx.events.transaction(ctx.db, async (tx) => {
    const [inserted] = await tx
      .insert(r)
      .values({
        ...values,
        consultationId: body.consultationId ?? null,
        authorId: actor.userId,
        status,
        categories: [...new Set(body.categories ?? [])],
        careTypes: [...new Set(body.careTypes ?? [])],
        ageBand: body.ageBand ?? null,
        areaCode: body.area ?? null,
        searchText: searchTextFor(values),
      })
      .returning();
    if (status === 'in_review') await submitted(ctx, tx, inserted!.id, actor.userId);
    return inserted!;
  });
  return getCaseReport(ctx.db, actor, row.id);
}

/** Submitted for review: the centre staff hear of it (with the change, in its transaction). */
async function submitted(ctx: CaseReportContext, tx: Db, id: string, actorId: string) {
  const centre = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.role, 'center_staff'), eq(users.status, 'active')));
  await ctx.events.publish(tx, 'case_report.submitted', {
    caseReportId: id,
    actorId,
    recipients: centre.map((u) => u.id).filter((u) => u !== actorId),
  });
}

export async function updateCaseReport(
  ctx: CaseReportContext,
  actor: Actor,
  id: string,
  body: CaseReportPatchBody,
) {
  const { report } = await load(ctx.db, actor, id);
  if (!policy.canEdit(actor, report)) throw new AppError('forbidden');
  await checkArea(ctx, body.area);
  const values = {
    title: body.title ?? report.title,
    summary: body.summary ?? report.summary,
    whatWorked: body.whatWorked ?? report.whatWorked,
  };
  refusePersonalData(values);
  const submit = body.submit && policy.goesToReview(actor) && report.status !== 'in_review';
  await ctx.events.transaction(ctx.db, async (tx) => {
    await tx
      .update(r)
      .set({
        ...values,
        categories: body.categories ? [...new Set(body.categories)] : report.categories,
        careTypes: body.careTypes ? [...new Set(body.careTypes)] : report.careTypes,
        ageBand: body.ageBand !== undefined ? body.ageBand : report.ageBand,
        areaCode: body.area !== undefined ? body.area : report.areaCode,
        searchText: searchTextFor(values),
        // An author's edit of a published or returned report goes back to review.
        ...(submit ? { status: 'in_review' } : {}),
        updatedAt: new Date(),
      })
      .where(eq(r.id, id));
    if (submit) await submitted(ctx, tx, id, actor.userId);
  });
  return getCaseReport(ctx.db, actor, id);
}

/** The centre's review: publish, or return to the author with a comment. */
export async function reviewCaseReport(
  ctx: CaseReportContext,
  actor: Actor,
  id: string,
  body: CaseReviewBody,
) {
  const { report } = await load(ctx.db, actor, id);
  const can = policy.caseReportCan(actor, report);
  if (body.decision === 'publish' ? !can.publish : !can.review)
    throw new AppError(
      'invalid_transition',
      undefined,
      body.decision === 'publish'
        ? { ja: 'この事例報告はすでに公開されています。', en: 'This case report is already published.' }
        : {
            ja: '差し戻せるのは確認待ちの事例報告です。',
            en: 'Only a case report waiting for review can be returned.',
          },
    );
  if (body.decision === 'return' && !body.comment?.trim())
    throw new AppError('validation', [
      { field: 'comment', message: '差し戻す理由を書いてください / say why it is returned' },
    ]);
  refusePersonalData({ title: report.title, summary: report.summary, whatWorked: report.whatWorked });
  const published = body.decision === 'publish';
  await ctx.events.transaction(ctx.db, async (tx) => {
    await tx
      .update(r)
      .set({
        status: published ? 'published' : 'returned',
        reviewedBy: actor.userId,
        reviewComment: body.comment ?? null,
        publishedAt: published ? (report.publishedAt ?? new Date()) : null,
        updatedAt: new Date(),
      })
      .where(eq(r.id, id));
    await audit(tx, {
      actorId: actor.userId,
      action: published ? 'case_report.published' : 'case_report.returned',
      targetType: 'case_report',
      targetId: id,
      ip: ctx.ip,
    });
    await ctx.events.publish(tx, 'case_report.reviewed', {
      caseReportId: id,
      actorId: actor.userId,
      published,
      authorId: report.authorId,
    });
  });
  return getCaseReport(ctx.db, actor, id);
}
