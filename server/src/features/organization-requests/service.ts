import { eq } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import type {
  OrganizationRequest,
  OrganizationRequestCreateBody,
  OrganizationRequestListQuery,
  OrganizationRequestListResponse,
} from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError, forbidden, invalid, notFound } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { saveProfile, type DirectoryContext } from '../directory/service.ts';
import type { EventBus } from '../../lib/events.ts';
import { canCancel, canDecide, requesterRoles } from './policy.ts';
import * as q from './queries.ts';

const { organizationRequests: r } = schema;

export interface RequestContext extends DirectoryContext {
  events: EventBus;
  ip: string | null;
}

function view(actor: Actor, row: q.RequestRow): OrganizationRequest {
  const x = row.request;
  return {
    id: x.id,
    user: { id: row.user.id, displayName: row.user.displayName, role: row.user.role },
    from: row.from?.id ? { id: row.from.id, name: row.from.name } : null,
    to: row.to?.id ? { id: row.to.id, name: row.to.name } : null,
    note: x.note,
    state: x.state as OrganizationRequest['state'],
    reason: x.reason,
    createdAt: x.createdAt.toISOString(),
    decidedAt: x.decidedAt?.toISOString() ?? null,
    decidedBy: x.decidedBy,
    can: { decide: canDecide(actor) && x.state === 'pending', cancel: canCancel(actor, x) },
  };
}

const alreadyDecided = () =>
  new AppError('invalid_transition', undefined, {
    ja: 'この依頼はすでに処理されています。',
    en: 'This request has already been decided.',
  });

export async function createRequest(
  ctx: RequestContext,
  actor: Actor,
  body: OrganizationRequestCreateBody,
): Promise<OrganizationRequest> {
  if (!requesterRoles.includes(actor.role)) throw forbidden();
  if (body.organizationId && !(await q.organizationExists(ctx.db, body.organizationId)))
    throw invalid('organizationId', '所属機関が見つかりません', 'the organisation does not exist');
  if ((body.organizationId ?? null) === actor.organizationId)
    throw invalid('organizationId', 'すでにこの所属です', 'you already belong to this organisation');
  const id = await ctx.events.transaction(ctx.db, async (tx) => {
    const inserted = await q.insertPending(tx, {
      userId: actor.userId,
      fromOrganizationId: actor.organizationId,
      toOrganizationId: body.organizationId,
      note: body.note ?? '',
    });
    if (!inserted)
      throw new AppError('conflict', undefined, {
        ja: '処理待ちの所属変更依頼があります。取り下げるか、センターの判断を待ってください。',
        en: 'You already have a pending request; withdraw it or wait for the centre to decide.',
      });
    await audit(tx, {
      actorId: actor.userId,
      action: 'organization_request.created',
      targetType: 'organization_request',
      targetId: inserted,
      detail: { from: actor.organizationId, to: body.organizationId },
      ip: ctx.ip,
    });
    // The centre decides, so it hears of the request at once rather than on its next visit to the list.
    await ctx.events.publish(tx, 'organization_request.created', {
      requestId: inserted,
      actorId: actor.userId,
      recipients: await q.centreStaffIds(tx),
    });
    return inserted;
  });
  return view(actor, (await q.findRequest(ctx.db, id))!);
}

export async function listMine(
  ctx: RequestContext,
  actor: Actor,
  query: OrganizationRequestListQuery,
): Promise<OrganizationRequestListResponse> {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const { rows, total } = await q.listRequests(ctx.db, eq(r.userId, actor.userId), page, pageSize);
  return { items: rows.map((row) => view(actor, row)), total, page, pageSize };
}

export async function listForCentre(
  ctx: RequestContext,
  actor: Actor,
  query: OrganizationRequestListQuery,
): Promise<OrganizationRequestListResponse> {
  if (!canDecide(actor)) throw forbidden();
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const { rows, total } = await q.listRequests(ctx.db, eq(r.state, query.state ?? 'pending'), page, pageSize);
  return { items: rows.map((row) => view(actor, row)), total, page, pageSize };
}

/** Approving sets the organisation in the same transaction, audited; of two deciders only one wins. */
export async function approve(ctx: RequestContext, actor: Actor, id: string): Promise<OrganizationRequest> {
  if (!canDecide(actor)) throw forbidden();
  // Loaded before the transaction: with one embedded connection, a read outside it would wait forever.
  await ctx.areas.areaOfMunicipality();
  await ctx.events.transaction(ctx.db, async (tx) => {
    const db = tx;
    const decided = await q.decide(db, id, { state: 'approved', decidedBy: actor.userId });
    if (!decided) throw (await q.findRequest(db, id)) ? alreadyDecided() : notFound();
    const user = await q.findUser(db, decided.userId);
    // Someone made staff meanwhile is placed by an admin, not through a request.
    if (!user || !requesterRoles.includes(user.role as Actor['role'])) throw alreadyDecided();
    await saveProfile(
      { ...ctx, db },
      decided.userId,
      { organizationId: decided.toOrganizationId },
      { actorId: actor.userId, ip: ctx.ip, via: 'organization_request' },
    );
    await audit(tx, {
      actorId: actor.userId,
      action: 'organization_request.approved',
      targetType: 'organization_request',
      targetId: id,
      detail: { userId: decided.userId, from: user.organizationId, to: decided.toOrganizationId },
      ip: ctx.ip,
    });
    await ctx.events.publish(tx, 'organization_request.decided', {
      requestId: id,
      actorId: actor.userId,
      userId: decided.userId,
      approved: true,
    });
  });
  return view(actor, (await q.findRequest(ctx.db, id))!);
}

export async function reject(
  ctx: RequestContext,
  actor: Actor,
  id: string,
  reason: string,
): Promise<OrganizationRequest> {
  if (!canDecide(actor)) throw forbidden();
  await ctx.events.transaction(ctx.db, async (tx) => {
    const decided = await q.decide(tx, id, {
      state: 'rejected',
      reason: reason.trim(),
      decidedBy: actor.userId,
    });
    if (!decided) throw (await q.findRequest(tx, id)) ? alreadyDecided() : notFound();
    await audit(tx, {
      actorId: actor.userId,
      action: 'organization_request.rejected',
      targetType: 'organization_request',
      targetId: id,
      detail: { userId: decided.userId, reason: reason.trim() },
      ip: ctx.ip,
    });
    await ctx.events.publish(tx, 'organization_request.decided', {
      requestId: id,
      actorId: actor.userId,
      userId: decided.userId,
      approved: false,
    });
  });
  return view(actor, (await q.findRequest(ctx.db, id))!);
}

/** The requester withdraws a pending request; someone else's request is not found (it does not leak). */
export async function cancel(ctx: RequestContext, actor: Actor, id: string): Promise<OrganizationRequest> {
  const found = await q.findRequest(ctx.db, id);
  if (!found || found.request.userId !== actor.userId) throw notFound();
  if (!canCancel(actor, found.request)) throw alreadyDecided();
  await ctx.db.transaction(async (tx) => {
    if (!(await q.decide(tx as unknown as Db, id, { state: 'cancelled', decidedBy: actor.userId })))
      throw alreadyDecided();
    await audit(tx, {
      actorId: actor.userId,
      action: 'organization_request.cancelled',
      targetType: 'organization_request',
      targetId: id,
      ip: ctx.ip,
    });
  });
  return view(actor, (await q.findRequest(ctx.db, id))!);
}
