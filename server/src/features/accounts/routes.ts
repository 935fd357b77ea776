import {
  AuditListQuery,
  AuditListResponse,
  EmptyQuery,
  IdParams,
  Invitation,
  InvitationCreateBody,
  InvitationListQuery,
  InvitationListResponse,
  OkResponse,
  OutboxListQuery,
  OutboxListResponse,
  UserAdminView,
  UserListQuery,
  UserListResponse,
  UserPatchBody,
  managerRoles,
} from '@tsunagu/shared';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import * as invitations from './invitations.ts';
import { listAudit, listOutbox } from './log.ts';
import * as users from './users.ts';

export default async function accountRoutes(app: App) {
  const inviteCtx = (request: FastifyRequest): invitations.InviteContext => ({
    db: app.database.db,
    areas: app.areaDirectory,
    publicUrl: app.config.publicUrl,
    log: request.log,
    logMail: app.config.env !== 'production',
    ip: request.ip,
  });

  app.get('/api/admin/invitations', {
    config: { access: managerRoles },
    schema: {
      tags: ['accounts'],
      querystring: InvitationListQuery,
      response: { 200: InvitationListResponse },
    },
    handler: async (request) => invitations.listInvitations(app.database.db, request.query),
  });

  app.post('/api/admin/invitations', {
    config: { access: managerRoles },
    schema: {
      tags: ['accounts'],
      summary: 'Invite a person by e-mail (the link goes to the outbox)',
      body: InvitationCreateBody,
      querystring: EmptyQuery,
      response: { 201: Invitation },
    },
    handler: async (request, reply) => {
      reply.code(201);
      return invitations.invite(inviteCtx(request), actorOf(request), request.body);
    },
  });

  app.delete('/api/admin/invitations/:id', {
    config: { access: managerRoles },
    schema: { tags: ['accounts'], params: IdParams, querystring: EmptyQuery, response: { 200: OkResponse } },
    handler: async (request) => {
      await invitations.revokeInvitation(app.database.db, actorOf(request), request.params.id, request.ip);
      return { ok: true };
    },
  });

  app.get('/api/admin/users', {
    config: { access: managerRoles },
    schema: { tags: ['accounts'], querystring: UserListQuery, response: { 200: UserListResponse } },
    handler: async (request) => users.listUsers(app.database.db, request.query),
  });

  app.patch('/api/admin/users/:id', {
    config: { access: managerRoles },
    schema: {
      tags: ['accounts'],
      summary: 'Change a role (admins), a status or the organisation the user belongs to',
      params: IdParams,
      body: UserPatchBody,
      querystring: EmptyQuery,
      response: { 200: UserAdminView },
    },
    handler: async (request) =>
      users.updateUser(
        { db: app.database.db, areas: app.areaDirectory, events: app.events },
        actorOf(request),
        request.params.id,
        request.body,
        request.ip,
        app.revocations,
      ),
  });

  app.get('/api/admin/outbox', {
    config: { access: ['admin'] },
    schema: {
      tags: ['accounts'],
      summary: 'Mail waiting for delivery (invitation and reset links)',
      querystring: OutboxListQuery,
      response: { 200: OutboxListResponse },
    },
    handler: async (request) => listOutbox(app.database.db, request.query),
  });

  app.get('/api/admin/audit', {
    config: { access: ['admin'] },
    schema: {
      tags: ['accounts'],
      summary: 'The audit log (append-only)',
      querystring: AuditListQuery,
      response: { 200: AuditListResponse },
    },
    handler: async (request) => listAudit(app.database.db, request.query),
  });
}
