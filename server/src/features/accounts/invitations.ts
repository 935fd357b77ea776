import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { schema, type Db } from '@tsunagu/db';
import { type Invitation, type InvitationCreateBody, type Role } from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { newSecretToken } from '../../lib/secret-token.ts';
import { INVITATION_TTL_MS } from '../auth/policy.ts';
import { saveProfile, type DirectoryContext } from '../directory/service.ts';
import type { Mailer } from '../mail/service.ts';
import { invitationMail } from '../mail/templates.ts';
import type { Actor } from '../../types.ts';
import { canInvite, canRevokeInvitation } from './policy.ts';

const { invitations, users } = schema;

export interface InviteContext extends DirectoryContext {
  publicUrl: string;
  log: FastifyBaseLogger;
  mail: Mailer;
  ip: string | null;
}

/** The import invites without a signed-in caller: it may revoke what it sent. */
const system = { role: 'admin' } as const;

type MailState = (typeof schema.outbox.$inferSelect)['state'];

/** Without SMTP a mail stays queued in the outbox: say so rather than "queued" forever. */
const deliveryOf = (state: MailState | null | undefined, delivering: boolean): Invitation['delivery'] =>
  state === 'sent' || state === 'failed' ? state : delivering ? 'queued' : 'outbox';

const toInvitation = (
  actor: Pick<Actor, 'role'>,
  i: typeof invitations.$inferSelect,
  mailState: MailState | null | undefined,
  delivering: boolean,
): Invitation => ({
  id: i.id,
  email: i.email,
  displayName: i.displayName,
  role: i.role as Role,
  organizationId: i.organizationId,
  createdAt: i.createdAt.toISOString(),
  expiresAt: i.expiresAt.toISOString(),
  acceptedAt: i.acceptedAt?.toISOString() ?? null,
  invitedBy: i.invitedBy,
  delivery: deliveryOf(mailState, delivering),
  can: { revoke: canRevokeInvitation(actor, i) },
});

export interface InviteResult {
  invitation: Invitation;
  /** false when the person already had an active account (nothing sent). */
  created: boolean;
}

/**
 * Invites a person: creates the account (status invited) and, for a coordinator, the directory
 * entry, then mails a link to set a password. Inviting someone already invited sends a fresh
 * link; an active account is a conflict.
 */
export async function invite(
  ctx: InviteContext,
  actor: Actor | null,
  body: InvitationCreateBody & { profile?: Parameters<typeof saveProfile>[2] },
): Promise<Invitation> {
  if (actor && !canInvite(actor, body.role))
    throw new AppError('forbidden', undefined, {
      ja: '管理者を招待できるのは管理者だけです。',
      en: 'Only admins can invite admins.',
    });
  const email = body.email.trim();
  if (body.organizationId) {
    const [org] = await ctx.db
      .select({ id: schema.organizations.id })
      .from(schema.organizations)
      .where(eq(schema.organizations.id, body.organizationId));
    if (!org)
      throw new AppError('validation', [
        { field: 'organizationId', message: '所属機関が見つかりません / the organisation does not exist' },
      ]);
  }
  const [existing] = await ctx.db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
    .limit(1);
  if (existing && existing.status !== 'invited')
    throw new AppError('conflict', [
      {
        field: 'email',
        message:
          'このメールアドレスのアカウントはすでにあります / an account with this e-mail already exists',
      },
    ]);
  const { token, hash } = newSecretToken();
  const invitation = await ctx.db.transaction(async (tx) => {
    const userValues = {
      email,
      displayName: body.displayName,
      displayKana: body.displayKana ?? '',
      role: body.role,
      organizationId: body.organizationId ?? null,
    };
    const userId = existing
      ? (
          await tx
            .update(users)
            .set({ ...userValues, updatedAt: new Date() })
            .where(eq(users.id, existing.id))
            .returning({ id: users.id })
        )[0]!.id
      : (
          await tx
            .insert(users)
            .values({ ...userValues, status: 'invited' })
            .returning({ id: users.id })
        )[0]!.id;
    await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(eq(invitations.userId, userId), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)),
      );
    const [row] = await tx
      .insert(invitations)
      .values({
        userId,
        email,
        displayName: body.displayName,
        role: body.role,
        organizationId: body.organizationId ?? null,
        tokenHash: hash,
        invitedBy: actor?.userId ?? null,
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      })
      .returning();
    await audit(tx, {
      actorId: actor?.userId ?? null,
      action: 'invitation.created',
      targetType: 'user',
      targetId: userId,
      detail: { email, role: body.role, organizationId: userValues.organizationId, reinvite: !!existing },
      ip: ctx.ip,
    });
    // A fresh invitation of a pending account may change what it will be allowed to see.
    if (existing && existing.role !== body.role)
      await audit(tx, {
        actorId: actor?.userId ?? null,
        action: 'user.role_changed',
        targetType: 'user',
        targetId: userId,
        detail: { from: existing.role, to: body.role, via: 'invitation' },
        ip: ctx.ip,
      });
    if (existing && existing.organizationId !== userValues.organizationId)
      await audit(tx, {
        actorId: actor?.userId ?? null,
        action: 'user.organization_changed',
        targetType: 'user',
        targetId: userId,
        detail: { from: existing.organizationId, to: userValues.organizationId, via: 'invitation' },
        ip: ctx.ip,
      });
    const mailId = await ctx.mail.queue(
      tx,
      email,
      invitationMail({ name: body.displayName, role: body.role, url: `${ctx.publicUrl}/invite/${token}` }),
    );
    await tx.update(invitations).set({ mailId }).where(eq(invitations.id, row!.id));
    return { ...row!, mailId };
  });
  ctx.mail.wake();
  if (body.role === 'coordinator' || body.profile)
    await saveProfile(ctx, invitation.userId, {
      ...(body.profile ?? {}),
      organizationId: body.organizationId ?? null,
    });
  return toInvitation(actor ?? system, invitation, 'queued', ctx.mail.delivering);
}

export async function listInvitations(
  db: Db,
  mail: Pick<Mailer, 'delivering'>,
  actor: Actor,
  query: { pending?: boolean; page?: number; pageSize?: number },
) {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const where = query.pending
    ? and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt))
    : isNull(invitations.revokedAt);
  const [rows, [total]] = await Promise.all([
    db
      .select({ invitation: invitations, mailState: schema.outbox.state })
      .from(invitations)
      .leftJoin(schema.outbox, eq(schema.outbox.id, invitations.mailId))
      .where(where)
      .orderBy(desc(invitations.createdAt))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(invitations).where(where),
  ]);
  return {
    items: rows.map((r) => toInvitation(actor, r.invitation, r.mailState, mail.delivering)),
    total: total?.n ?? 0,
    page,
    pageSize,
  };
}

export async function revokeInvitation(db: Db, actor: Actor, id: string, ip: string | null) {
  const [found] = await db.select().from(invitations).where(eq(invitations.id, id)).limit(1);
  if (!found || found.acceptedAt || found.revokedAt) throw notFound();
  if (!canRevokeInvitation(actor, found))
    throw new AppError('forbidden', undefined, {
      ja: '管理者への招待を取り消せるのは管理者だけです。',
      en: 'Only admins revoke invitations of admins.',
    });
  // Still pending at the moment of the write: an invitation accepted meanwhile is not revoked.
  const [row] = await db
    .update(invitations)
    .set({ revokedAt: new Date() })
    .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.revokedAt)))
    .returning();
  if (!row) throw notFound();
  await audit(db, {
    actorId: actor.userId,
    action: 'invitation.revoked',
    targetType: 'invitation',
    targetId: id,
    ip,
  });
}
