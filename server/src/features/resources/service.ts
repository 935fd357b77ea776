import type { Db } from '@tsunagu/db';
import {
  RESOURCE_STALE_DAYS,
  type CapacityState,
  type Resource,
  type ResourceHistoryResponse,
  type ResourceSearchQuery,
  type ResourceSearchResponse,
  type WaitEstimate,
} from '@tsunagu/shared';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import type { AreaDirectory } from '../reference/service.ts';
import { resourceCan } from './policy.ts';
import * as repo from './repository.ts';

export interface ResourceContext {
  db: Db;
  areas: AreaDirectory;
  ip: string | null;
  now?: () => Date;
}

export const now = (ctx: ResourceContext) => ctx.now?.() ?? new Date();
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
    archivedAt: row.archivedAt?.toISOString() ?? null,
    can: resourceCan(actor, row),
  };
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

export async function resourceHistory(
  ctx: ResourceContext,
  actor: Actor,
  id: string,
): Promise<ResourceHistoryResponse> {
  const found = await repo.findResource(ctx.db, id);
  if (!found) throw notFound();
  if (!resourceCan(actor, found.resource).history)
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
