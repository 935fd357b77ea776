import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { schema } from '@tsunagu/db';
import type { Resource, ResourceCan, ResourceCreateBody, ResourcePatchBody } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError, invalid, notFound } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import {
  checkFacts,
  diffFacts,
  factsOf,
  normaliseCare,
  projectResource,
  refuse,
  type ResourceFacts,
} from './facts.ts';
import { canCreateFor, isCurator, resourceCan } from './policy.ts';
import * as repo from './repository.ts';
import { getResource, now, toResource, type ResourceContext } from './service.ts';

const { resources, resourceRevisions } = schema;

const notYours = () =>
  new AppError('forbidden', undefined, {
    ja: '自分の所属機関の地域資源だけを編集できます。ほかの機関の情報の訂正は支援センターに依頼してください。',
    en: "You can edit only your own organisation's resources. Ask the support centre to correct another organisation's entry.",
  });
const duplicate = () =>
  new AppError(
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
const closed = () =>
  new AppError('invalid_transition', undefined, {
    ja: 'この地域資源は閉鎖されています。編集・確認するには、まず再開してください。',
    en: 'This resource is closed. Reopen it before editing or confirming it.',
  });

/** Loads a resource and refuses unless the policy allows the action (not yours: 403; closed or open already: 409). */
async function allowed(ctx: ResourceContext, actor: Actor, id: string, action: keyof ResourceCan) {
  const found = await repo.findResource(ctx.db, id);
  if (!found) throw notFound();
  if (!isCurator(actor, found.resource.organizationId)) throw notYours();
  if (!resourceCan(actor, found.resource)[action])
    throw action === 'unarchive'
      ? new AppError('invalid_transition', undefined, {
          ja: 'この地域資源は閉鎖されていません。',
          en: 'This resource is not closed.',
        })
      : closed();
  return found;
}

const isUniqueViolation = (e: unknown) =>
  ((e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code) === '23505';

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
  if (!canCreateFor(actor, organizationId)) throw notYours();
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
        ...projectResource(facts, areaOf),
        organizationId,
        confirmedAt: at,
        confirmedBy: actor.userId,
        createdBy: actor.userId,
        createdAt: at,
        updatedAt: at,
      })
      .onConflictDoNothing()
      .returning({ id: resources.id });
    if (!row) throw duplicate();
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

export async function patchResource(
  ctx: ResourceContext,
  actor: Actor,
  id: string,
  body: ResourcePatchBody,
): Promise<Resource> {
  const { resource: row, organization } = await allowed(ctx, actor, id, 'edit');
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
    let updated: { id: string }[];
    try {
      // Still open when written: a close that won the race is not undone by this edit.
      updated = await tx
        .update(resources)
        .set({
          ...after,
          ...projectResource(after, areaOf),
          ...(body.confirm ? { confirmedAt: at, confirmedBy: actor.userId } : {}),
          updatedAt: at,
        })
        .where(and(eq(resources.id, id), isNull(resources.archivedAt)))
        .returning({ id: resources.id });
    } catch (e) {
      if (isUniqueViolation(e)) throw duplicate();
      throw e;
    }
    if (!updated.length) throw closed();
    await tx
      .insert(resourceRevisions)
      .values({ resourceId: id, actorId: actor.userId, action: 'updated', previous, changes, at });
  });
  return getResource(ctx, actor, id);
}

/** "Still true as of today": moves the last-confirmed date to now. */
export async function confirmResource(ctx: ResourceContext, actor: Actor, id: string): Promise<Resource> {
  const { resource: row } = await allowed(ctx, actor, id, 'confirm');
  const at = now(ctx);
  await ctx.db.transaction(async (tx) => {
    const updated = await tx
      .update(resources)
      .set({ confirmedAt: at, confirmedBy: actor.userId, updatedAt: at })
      .where(and(eq(resources.id, id), isNull(resources.archivedAt)))
      .returning({ id: resources.id });
    if (!updated.length) throw closed();
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

/**
 * Closes (archives) or reopens a resource. The state is checked in the UPDATE itself, so of two
 * concurrent closes one wins and the other is told it is closed already. Referrals already sent
 * to it are untouched: they go on to their end.
 */
export async function setArchived(
  ctx: ResourceContext,
  actor: Actor,
  id: string,
  archive: boolean,
): Promise<Resource> {
  await allowed(ctx, actor, id, archive ? 'archive' : 'unarchive');
  const at = now(ctx);
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(resources)
      .set(
        archive
          ? { archivedAt: at, archivedBy: actor.userId, updatedAt: at }
          : { archivedAt: null, archivedBy: null, updatedAt: at },
      )
      .where(
        and(eq(resources.id, id), archive ? isNull(resources.archivedAt) : isNotNull(resources.archivedAt)),
      )
      .returning({ id: resources.id });
    if (!row)
      throw new AppError('invalid_transition', undefined, {
        ja: archive ? 'この地域資源はすでに閉鎖されています。' : 'この地域資源は閉鎖されていません。',
        en: archive ? 'This resource is closed already.' : 'This resource is not closed.',
      });
    const open = { archived: false };
    const shut = { archived: true };
    await tx.insert(resourceRevisions).values({
      resourceId: id,
      actorId: actor.userId,
      action: archive ? 'archived' : 'unarchived',
      previous: archive ? open : shut,
      changes: archive ? shut : open,
      at,
    });
    await audit(tx, {
      actorId: actor.userId,
      action: archive ? 'resource.archived' : 'resource.unarchived',
      targetType: 'resource',
      targetId: id,
      ip: ctx.ip,
    });
  });
  return getResource(ctx, actor, id);
}
