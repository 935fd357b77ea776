import { eq } from 'drizzle-orm';
import { projectProfile, schema, type Db } from '@tsunagu/db';
import type {
  CoordinatorDetail,
  CoordinatorSearchQuery,
  CoordinatorSearchResponse,
  CoordinatorSummary,
  OwnProfile,
  ProfileUpdateBody,
  Role,
} from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import type { EventBus } from '../../lib/events.ts';
import type { Actor } from '../../types.ts';
import type { AreaDirectory } from '../reference/service.ts';
import * as policy from './policy.ts';
import * as repo from './repository.ts';

export interface DirectoryContext {
  db: Db;
  areas: AreaDirectory;
  /** Where a saved profile is announced (messaging joins its channels). */
  events?: EventBus;
}

function summaryOf(row: repo.SummaryRow): CoordinatorSummary {
  return {
    id: row.user_id,
    displayName: row.display_name,
    displayKana: row.display_kana,
    organization: row.org_id
      ? {
          id: row.org_id,
          name: row.org_name!,
          kana: row.org_kana ?? '',
          type: row.org_type!,
          municipalityCode: row.org_municipality,
        }
      : null,
    qualifications: row.qualifications,
    areas: row.area_codes,
    municipalities: row.municipality_codes,
    careTypes: row.care_types,
    domains: row.domains,
    accepting: row.accepting,
    trainingYear: row.training_year,
  };
}

export async function searchCoordinators(
  ctx: DirectoryContext,
  query: CoordinatorSearchQuery,
): Promise<CoordinatorSearchResponse> {
  await checkAreaCodes(ctx, query.area ?? [], query.municipality ?? []);
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const { rows, total, totalCapped } = await repo.searchProfiles(ctx.db, query, page, pageSize);
  return { items: rows.map(summaryOf), total, totalCapped, page, pageSize };
}

async function checkAreaCodes(ctx: DirectoryContext, areaCodes: string[], municipalityCodes: string[]) {
  const { areas } = await ctx.areas.all();
  const known = new Set(areas.map((a) => a.code));
  const unknownArea = areaCodes.find((c) => !known.has(c));
  if (unknownArea)
    throw invalid(
      'area',
      `圏域コード「${unknownArea}」はありません`,
      `there is no area with code "${unknownArea}"`,
    );
  const areaOf = await ctx.areas.areaOfMunicipality();
  const unknownMunicipality = municipalityCodes.find((c) => !areaOf.has(c));
  if (unknownMunicipality)
    throw invalid(
      'municipality',
      `市町村コード「${unknownMunicipality}」はこの県にありません`,
      `municipality "${unknownMunicipality}" is not in this prefecture`,
    );
}

type Found = NonNullable<Awaited<ReturnType<typeof repo.findProfile>>>;

/** The entry as the actor may see it, with what they may do with it. */
function detailOf({ profile, organization, account }: Found, actor: Actor): CoordinatorDetail {
  const entry = { userId: profile.userId, role: account.role as Role, status: account.status };
  return {
    id: profile.userId,
    displayName: profile.displayName,
    displayKana: profile.displayKana,
    organization: organization
      ? {
          id: organization.id,
          name: organization.name,
          kana: organization.kana,
          type: organization.type,
          municipalityCode: organization.municipalityCode,
          address: organization.address,
          phone: organization.phone,
          website: organization.website,
          updatedAt: organization.updatedAt.toISOString(),
        }
      : null,
    qualifications: profile.qualifications,
    areas: profile.areaCodes,
    municipalities: profile.municipalityCodes,
    careTypes: profile.careTypes,
    domains: profile.domains,
    accepting: profile.accepting,
    trainingYear: profile.trainingYear,
    introduction: profile.introduction,
    contact: policy.canSeeContact(actor, entry) ? profile.contact : '',
    updatedAt: profile.updatedAt.toISOString(),
    can: policy.canOf(actor, entry),
  };
}

function ownProfileOf(found: Found, actor: Actor): OwnProfile {
  return { ...detailOf(found, actor), missing: policy.missingParts(actor.role, found.profile) };
}

export async function getCoordinator(
  ctx: DirectoryContext,
  actor: Actor,
  id: string,
): Promise<CoordinatorDetail> {
  const found = await repo.findProfile(ctx.db, id);
  if (!found || !found.profile.listed) throw notFound();
  return detailOf(found, actor);
}

export async function getOwnProfile(ctx: DirectoryContext, actor: Actor): Promise<OwnProfile> {
  const found = await repo.findProfile(ctx.db, actor.userId);
  if (found) return ownProfileOf(found, actor);
  await saveProfile(ctx, actor.userId, {});
  return ownProfileOf((await repo.findProfile(ctx.db, actor.userId))!, actor);
}

export async function updateOwnProfile(ctx: DirectoryContext, actor: Actor, body: ProfileUpdateBody) {
  if (body.qualifications) {
    const codes = body.qualifications.map((q) => q.code);
    const duplicate = codes.find((c, i) => codes.indexOf(c) !== i);
    if (duplicate)
      throw invalid(
        'qualifications',
        `資格「${duplicate}」が重複しています`,
        `qualification "${duplicate}" is listed twice`,
      );
  }
  await checkAreaCodes(ctx, [], body.municipalities ?? []);
  // Only the fields of ProfileUpdateBody: the schema refused anything else, and none grants access.
  await saveProfile(ctx, actor.userId, body);
  await ctx.events?.publish(ctx.db, 'profile.changed', { userId: actor.userId });
  return getOwnProfile(ctx, actor);
}

/** A profile write; organizationId only from those who grant membership (centre, admin, their imports). */
export type ProfileWrite = ProfileUpdateBody & { organizationId?: string | null };

/** Who granted an organisation change, for the audit log. */
export interface GrantedBy {
  actorId: string | null;
  ip?: string | null;
  /** What carried the change: user_patch, organization_request, import, invitation. */
  via: string;
}

/**
 * Writes a profile and its derived columns. Used by the profile page, invitations, the import
 * and organisation changes, so the directory's search columns are always computed the same way.
 * A change of organisation is audited with before and after.
 */
export async function saveProfile(
  ctx: DirectoryContext,
  userId: string,
  changes: ProfileWrite,
  grantedBy?: GrantedBy,
) {
  const user = (await ctx.db.select().from(schema.users).where(eq(schema.users.id, userId)).limit(1))[0];
  if (!user) throw notFound();
  const existing = await repo.findProfile(ctx.db, userId);
  const organizationId =
    changes.organizationId !== undefined
      ? changes.organizationId
      : (existing?.profile.organizationId ?? user.organizationId);
  const organization = organizationId ? await repo.findOrganization(ctx.db, organizationId) : undefined;
  if (organizationId && !organization) throw new AppError('validation');
  const displayName = changes.displayName ?? user.displayName;
  const displayKana = changes.displayKana ?? user.displayKana;
  const qualifications = changes.qualifications ?? existing?.profile.qualifications ?? [];
  const municipalityCodes = [...new Set(changes.municipalities ?? existing?.profile.municipalityCodes ?? [])];
  const introduction = changes.introduction ?? existing?.profile.introduction ?? '';
  const projection = projectProfile(
    {
      displayName,
      displayKana,
      organization: organization ?? null,
      qualifications,
      municipalityCodes,
      introduction,
    },
    await ctx.areas.areaOfMunicipality(),
  );
  await ctx.db.transaction(async (tx) => {
    if (
      changes.displayName !== undefined ||
      changes.displayKana !== undefined ||
      changes.organizationId !== undefined
    )
      await tx
        .update(schema.users)
        .set({ displayName, displayKana, organizationId: organizationId ?? null, updatedAt: new Date() })
        .where(eq(schema.users.id, userId));
    if (changes.organizationId !== undefined && (organizationId ?? null) !== user.organizationId)
      await audit(tx, {
        actorId: grantedBy?.actorId ?? null,
        action: 'user.organization_changed',
        targetType: 'user',
        targetId: userId,
        detail: { from: user.organizationId, to: organizationId ?? null, via: grantedBy?.via ?? 'system' },
        ip: grantedBy?.ip ?? null,
      });
    await repo.upsertProfile(tx as unknown as Db, {
      userId,
      listed: user.role === 'coordinator' && user.status !== 'disabled',
      organizationId: organizationId ?? null,
      qualifications,
      municipalityCodes,
      trainingYear:
        changes.trainingYear !== undefined ? changes.trainingYear : (existing?.profile.trainingYear ?? null),
      domains: [...new Set(changes.domains ?? existing?.profile.domains ?? [])],
      careTypes: [...new Set(changes.careTypes ?? existing?.profile.careTypes ?? [])],
      accepting: changes.accepting ?? existing?.profile.accepting ?? false,
      introduction,
      contact: changes.contact ?? existing?.profile.contact ?? '',
      ...projection,
    });
  });
}

/** After an account's role or status changes, its directory listing follows. */
export async function syncListing(db: Db, userId: string, role: string, status: string) {
  await db
    .update(schema.coordinatorProfiles)
    .set({ listed: role === 'coordinator' && status !== 'disabled' })
    .where(eq(schema.coordinatorProfiles.userId, userId));
}
