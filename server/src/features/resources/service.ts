import { eq } from 'drizzle-orm';
import { schema, searchGramsOf, searchTextOf, type Db } from '@tsunagu/db';
import {
  labelOf,
  RESOURCE_STALE_DAYS,
  type AcceptedCare,
  type AcceptedCareBody,
  type CapacityState,
  type Resource,
  type ResourceCreateBody,
  type ResourceHistoryResponse,
  type ResourcePatchBody,
  type ResourceSearchQuery,
  type ResourceSearchResponse,
  type WaitEstimate,
} from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import type { AreaDirectory } from '../reference/service.ts';
import { canEditResource } from './policy.ts';
import * as repo from './repository.ts';

const { resources, resourceRevisions } = schema;

export interface ResourceContext {
  db: Db;
  areas: AreaDirectory;
  ip: string | null;
  now?: () => Date;
}

const now = (ctx: ResourceContext) => ctx.now?.() ?? new Date();
const DAY = 86_400_000;

export const isStale = (confirmedAt: Date, at: Date) => +confirmedAt < +at - RESOURCE_STALE_DAYS * DAY;

export function toResource(
  row: repo.ResourceRow,
  org: repo.OrganizationRow,
  actor: Actor | null,
  at: Date,
): Resource {
  return {
    id: row.id,
    organization: {
      id: org.id,
      name: org.name,
      kana: org.kana,
      type: org.type,
      municipalityCode: org.municipalityCode,
    },
    serviceType: row.serviceType,
    name: row.name,
    description: row.description,
    areas: row.areaCodes,
    municipalities: row.municipalityCodes,
    careTypes: row.careTypes,
    careAccepted: row.careAccepted.map((c) => ({
      code: c.code,
      minAge: c.minAge ?? null,
      maxAge: c.maxAge ?? null,
    })),
    ageMin: row.ageMin,
    ageMax: row.ageMax,
    capacity: row.capacity as CapacityState,
    waitEstimate: (row.waitEstimate as WaitEstimate | null) ?? null,
    confirmedAt: row.confirmedAt.toISOString(),
    stale: isStale(row.confirmedAt, at),
    contact: row.contact,
    notes: row.notes,
    updatedAt: row.updatedAt.toISOString(),
    editable: actor ? canEditResource(actor, row.organizationId) : false,
  };
}

/** The facts of a resource a person edits; everything else is derived from them. */
export interface ResourceFacts {
  serviceType: string;
  name: string;
  description: string;
  municipalities: string[];
  careAccepted: AcceptedCare[];
  ageMin: number | null;
  ageMax: number | null;
  capacity: CapacityState;
  waitEstimate: WaitEstimate | null;
  contact: string;
  notes: string;
}

/** Where a fact is wrong: the field and a sentence in both languages. */
export interface FactProblem {
  field: string;
  ja: string;
  en: string;
}

/** Checks the rules a schema cannot say; returns every problem (the import reports them per row). */
export function checkFacts(facts: ResourceFacts, areaOf: ReadonlyMap<string, string>): FactProblem[] {
  const problems: FactProblem[] = [];
  const unknown = facts.municipalities.filter((m) => !areaOf.has(m));
  if (unknown.length)
    problems.push({
      field: 'municipalities',
      ja: `この県にない市町村コードです: ${unknown.join(', ')}`,
      en: `not municipalities of this prefecture: ${unknown.join(', ')}`,
    });
  if (facts.ageMin !== null && facts.ageMax !== null && facts.ageMin > facts.ageMax)
    problems.push({
      field: 'ageMax',
      ja: `対象年齢の上限（${facts.ageMax}歳）が下限（${facts.ageMin}歳）より小さくなっています`,
      en: `the maximum age (${facts.ageMax}) is below the minimum age (${facts.ageMin})`,
    });
  const codes = facts.careAccepted.map((c) => c.code);
  const twice = codes.find((c, i) => codes.indexOf(c) !== i);
  if (twice)
    problems.push({
      field: 'careAccepted',
      ja: `医療的ケア「${labelOf('medicalCareTypes', twice)}」が重複しています`,
      en: `care type "${twice}" is listed twice`,
    });
  for (const c of facts.careAccepted)
    if (c.minAge !== null && c.maxAge !== null && c.minAge > c.maxAge)
      problems.push({
        field: 'careAccepted',
        ja: `「${labelOf('medicalCareTypes', c.code)}」の年齢の上限が下限より小さくなっています`,
        en: `for "${c.code}" the maximum age is below the minimum age`,
      });
  if (facts.capacity === 'waitlist' && !facts.waitEstimate)
    problems.push({
      field: 'waitEstimate',
      ja: '待機ありの場合は、待機期間の目安（1か月未満・1〜3か月・3か月以上）を選んでください',
      en: 'with a waitlist, give the rough wait (under_1m, 1_3m, over_3m)',
    });
  if (facts.capacity !== 'waitlist' && facts.waitEstimate)
    problems.push({
      field: 'waitEstimate',
      ja: '待機期間の目安は「待機あり」のときだけ指定できます',
      en: 'a wait estimate is only given with a waitlist',
    });
  return problems;
}

function refuse(problems: FactProblem[]): never {
  const first = problems[0]!;
  throw new AppError(
    'validation',
    problems.map((p) => ({ field: p.field, message: `${p.ja} / ${p.en}` })),
    {
      ja: `入力内容に誤りがあります: ${first.field} — ${first.ja}`,
      en: `Invalid input: ${first.field} — ${first.en}`,
    },
  );
}

/** The derived columns: 圏域 from the municipalities, care codes for the index, the search text. */
export function projectResource(
  facts: ResourceFacts,
  organization: { name: string; kana: string },
  areaOf: ReadonlyMap<string, string>,
) {
  const searchText = searchTextOf([
    facts.name,
    organization.name,
    organization.kana,
    labelOf('serviceTypes', facts.serviceType),
  ]);
  return {
    municipalityCodes: facts.municipalities,
    areaCodes: [...new Set(facts.municipalities.map((m) => areaOf.get(m)).filter((a): a is string => !!a))],
    careTypes: facts.careAccepted.map((c) => c.code),
    careAccepted: facts.careAccepted,
    searchText,
    searchGrams: searchGramsOf(searchText),
  };
}

const normaliseCare = (list: AcceptedCareBody[]): AcceptedCare[] =>
  list.map((c) => ({ code: c.code, minAge: c.minAge ?? null, maxAge: c.maxAge ?? null }));

function factsOf(row: repo.ResourceRow): ResourceFacts {
  return {
    serviceType: row.serviceType,
    name: row.name,
    description: row.description,
    municipalities: row.municipalityCodes,
    careAccepted: row.careAccepted,
    ageMin: row.ageMin,
    ageMax: row.ageMax,
    capacity: row.capacity as CapacityState,
    waitEstimate: row.waitEstimate as WaitEstimate | null,
    contact: row.contact,
    notes: row.notes,
  };
}

/** JSON with object keys sorted: jsonb does not keep the order keys were written in. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : value,
  );

/** The fields that differ, with their values before and after. */
export function diffFacts(before: ResourceFacts, after: ResourceFacts) {
  const previous: Record<string, unknown> = {};
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof ResourceFacts)[]) {
    if (canonical(before[key]) === canonical(after[key])) continue;
    previous[key] = before[key];
    changes[key] = after[key];
  }
  return { previous, changes };
}

export async function searchResources(
  ctx: ResourceContext,
  actor: Actor,
  query: ResourceSearchQuery,
): Promise<ResourceSearchResponse> {
  const { areas } = await ctx.areas.all();
  const unknownArea = (query.area ?? []).find((a) => !areas.some((x) => x.code === a));
  if (unknownArea)
    throw invalid(
      'area',
      `圏域コード「${unknownArea}」はありません`,
      `there is no area with code "${unknownArea}"`,
    );
  const areaOf = await ctx.areas.areaOfMunicipality();
  const unknownMunicipality = (query.municipality ?? []).find((m) => !areaOf.has(m));
  if (unknownMunicipality)
    throw invalid(
      'municipality',
      `市町村コード「${unknownMunicipality}」はこの県にありません`,
      `municipality "${unknownMunicipality}" is not in this prefecture`,
    );
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const at = now(ctx);
  const { rows, total } = await repo.searchResources(ctx.db, query, page, pageSize, at);
  return {
    items: rows.map((row) => toResource(row.resource, row.organization, actor, at)),
    total,
    page,
    pageSize,
  };
}

export async function getResource(ctx: ResourceContext, actor: Actor, id: string): Promise<Resource> {
  const found = await repo.findResource(ctx.db, id);
  if (!found) throw notFound();
  return toResource(found.resource, found.organization, actor, now(ctx));
}

const notYours = () =>
  new AppError('forbidden', undefined, {
    ja: '自分の所属機関の地域資源だけを編集できます。ほかの機関の情報の訂正は支援センターに依頼してください。',
    en: "You can edit only your own organisation's resources. Ask the support centre to correct another organisation's entry.",
  });

export async function createResource(
  ctx: ResourceContext,
  actor: Actor,
  body: ResourceCreateBody,
): Promise<Resource> {
  const organizationId = body.organizationId ?? actor.organizationId;
  if (!organizationId)
    throw invalid(
      'organizationId',
      'どの機関のサービスかを指定してください',
      'give the organisation that provides the service',
    );
  if (!canEditResource(actor, organizationId)) throw notYours();
  const organization = await repo.findOrganization(ctx.db, organizationId);
  if (!organization)
    throw invalid('organizationId', '機関が見つかりません', 'the organisation does not exist');
  const facts: ResourceFacts = {
    serviceType: body.serviceType,
    name: body.name.trim(),
    description: body.description ?? '',
    municipalities: [...new Set(body.municipalities ?? [])],
    careAccepted: normaliseCare(body.careAccepted ?? []),
    ageMin: body.ageMin ?? null,
    ageMax: body.ageMax ?? null,
    capacity: body.capacity ?? 'available',
    waitEstimate: body.waitEstimate ?? null,
    contact: body.contact ?? '',
    notes: body.notes ?? '',
  };
  const areaOf = await ctx.areas.areaOfMunicipality();
  const problems = checkFacts(facts, areaOf);
  if (problems.length) refuse(problems);
  const at = now(ctx);
  const id = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(resources)
      .values({
        ...facts,
        ...projectResource(facts, organization, areaOf),
        organizationId,
        confirmedAt: at,
        confirmedBy: actor.userId,
        createdBy: actor.userId,
        createdAt: at,
        updatedAt: at,
      })
      .onConflictDoNothing()
      .returning({ id: resources.id });
    if (!row)
      throw new AppError(
        'conflict',
        [
          {
            field: 'name',
            message:
              '同じ機関に同じ種別・名前のサービスがあります / this organisation already has a service of this type with this name',
          },
        ],
        {
          ja: 'この機関には同じ種別・同じ名前のサービスがすでに登録されています。',
          en: 'This organisation already has a service of this type with this name.',
        },
      );
    await tx.insert(resourceRevisions).values({
      resourceId: row.id,
      actorId: actor.userId,
      action: 'created',
      previous: {},
      changes: { ...facts, organizationId },
      at,
    });
    await audit(tx, {
      actorId: actor.userId,
      action: 'resource.created',
      targetType: 'resource',
      targetId: row.id,
      ip: ctx.ip,
    });
    return row.id;
  });
  return getResource(ctx, actor, id);
}

async function editable(ctx: ResourceContext, actor: Actor, id: string) {
  const found = await repo.findResource(ctx.db, id);
  if (!found) throw notFound();
  if (!canEditResource(actor, found.resource.organizationId)) throw notYours();
  return found;
}

export async function patchResource(
  ctx: ResourceContext,
  actor: Actor,
  id: string,
  body: ResourcePatchBody,
): Promise<Resource> {
  const { resource: row, organization } = await editable(ctx, actor, id);
  const before = factsOf(row);
  const capacity = body.capacity ?? before.capacity;
  const after: ResourceFacts = {
    serviceType: body.serviceType ?? before.serviceType,
    name: body.name?.trim() ?? before.name,
    description: body.description ?? before.description,
    municipalities: body.municipalities ? [...new Set(body.municipalities)] : before.municipalities,
    careAccepted: body.careAccepted ? normaliseCare(body.careAccepted) : before.careAccepted,
    ageMin: body.ageMin !== undefined ? body.ageMin : before.ageMin,
    ageMax: body.ageMax !== undefined ? body.ageMax : before.ageMax,
    capacity,
    // Leaving the waitlist clears the wait estimate unless one is given.
    waitEstimate:
      body.waitEstimate !== undefined
        ? body.waitEstimate
        : capacity === 'waitlist'
          ? before.waitEstimate
          : null,
    contact: body.contact ?? before.contact,
    notes: body.notes ?? before.notes,
  };
  const areaOf = await ctx.areas.areaOfMunicipality();
  const problems = checkFacts(after, areaOf);
  if (problems.length) refuse(problems);
  const { previous, changes } = diffFacts(before, after);
  const at = now(ctx);
  if (body.confirm) {
    previous.confirmedAt = row.confirmedAt.toISOString();
    changes.confirmedAt = at.toISOString();
  }
  if (!Object.keys(changes).length) return toResource(row, organization, actor, at);
  await ctx.db.transaction(async (tx) => {
    try {
      await tx
        .update(resources)
        .set({
          ...after,
          ...projectResource(after, organization, areaOf),
          ...(body.confirm ? { confirmedAt: at, confirmedBy: actor.userId } : {}),
          updatedAt: at,
        })
        .where(eq(resources.id, id));
    } catch (e) {
      const code =
        (e as { code?: string; cause?: { code?: string } }).code ??
        (e as { cause?: { code?: string } }).cause?.code;
      if (code === '23505')
        throw new AppError('conflict', undefined, {
          ja: 'この機関には同じ種別・同じ名前のサービスがすでに登録されています。',
          en: 'This organisation already has a service of this type with this name.',
        });
      throw e;
    }
    await tx
      .insert(resourceRevisions)
      .values({ resourceId: id, actorId: actor.userId, action: 'updated', previous, changes, at });
  });
  return getResource(ctx, actor, id);
}

/** "Still true as of today": moves the last-confirmed date to now. */
export async function confirmResource(ctx: ResourceContext, actor: Actor, id: string): Promise<Resource> {
  const { resource: row } = await editable(ctx, actor, id);
  const at = now(ctx);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(resources)
      .set({ confirmedAt: at, confirmedBy: actor.userId, updatedAt: at })
      .where(eq(resources.id, id));
    await tx.insert(resourceRevisions).values({
      resourceId: id,
      actorId: actor.userId,
      action: 'confirmed',
      previous: { confirmedAt: row.confirmedAt.toISOString() },
      changes: { confirmedAt: at.toISOString() },
      at,
    });
  });
  return getResource(ctx, actor, id);
}

export async function resourceHistory(
  ctx: ResourceContext,
  actor: Actor,
  id: string,
): Promise<ResourceHistoryResponse> {
  const found = await repo.findResource(ctx.db, id);
  if (!found) throw notFound();
  if (!canEditResource(actor, found.resource.organizationId))
    throw new AppError('forbidden', undefined, {
      ja: '変更履歴を見られるのは、この機関の利用者と支援センターだけです。',
      en: "Only the organisation's users and the support centre see the change history.",
    });
  const rows = await repo.historyOf(ctx.db, id);
  return {
    items: rows.map(({ revision, actorName }) => ({
      id: revision.id,
      action: revision.action,
      actor: revision.actorId ? { id: revision.actorId, displayName: actorName ?? '' } : null,
      at: revision.at.toISOString(),
      previous: revision.previous,
      changes: revision.changes,
    })),
  };
}
