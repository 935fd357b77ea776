import { operations as op } from '@tsunagu/shared';
import type { FastifyRequest } from 'fastify';
import { implement } from '../../lib/operation-routes.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import * as invitations from './invitations.ts';
import { listAudit, listOutbox } from './log.ts';
import * as users from './users.ts';

/** Accounts as the centre manages them: invitations, users, the outbox and the audit log. */
export default async function accountRoutes(app: App) {
  const { db } = app.database;
  const inviteCtx = (request: FastifyRequest): invitations.InviteContext => ({
    db,
    areas: app.areaDirectory,
    publicUrl: app.config.publicUrl,
    log: request.log,
    mail: app.mail,
    ip: request.ip,
  });

  implement(app, op.listInvitations, (request) =>
    invitations.listInvitations(db, app.mail, actorOf(request), request.query),
  );
  implement(app, op.createInvitation, async (request, reply) => {
    reply.code(201);
    return invitations.invite(inviteCtx(request), actorOf(request), request.body);
  });
  implement(app, op.revokeInvitation, async (request) => {
    await invitations.revokeInvitation(db, actorOf(request), request.params.id, request.ip);
    return { ok: true };
  });
  implement(app, op.listUsers, (request) => users.listUsers(db, actorOf(request), request.query));
  implement(app, op.updateUser, (request) =>
    users.updateUser(
      { db, areas: app.areaDirectory, events: app.events },
      actorOf(request),
      request.params.id,
      request.body,
      request.ip,
      app.revocations,
    ),
  );
  implement(app, op.listOutbox, (request) => listOutbox(db, actorOf(request), request.query));
  implement(app, op.listAudit, (request) => listAudit(db, actorOf(request), request.query));
}
