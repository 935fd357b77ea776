import {
  EmptyBody,
  EmptyQuery,
  IdParams,
  OrganizationRequest,
  OrganizationRequestCreateBody,
  OrganizationRequestListQuery,
  OrganizationRequestListResponse,
  OrganizationRequestRejectBody,
  managerRoles,
} from '@tsunagu/shared';
import type { FastifyRequest } from 'fastify';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import { requesterRoles } from './policy.ts';
import * as requests from './service.ts';

/** A user asks to belong to another organisation; the centre approves or rejects. */
export default async function organizationRequestRoutes(app: App) {
  const ctx = (request: FastifyRequest): requests.RequestContext => ({
    db: app.database.db,
    areas: app.areaDirectory,
    events: app.events,
    ip: request.ip,
  });
  const tags = ['organization-requests'];

  app.post('/api/organization-requests', {
    config: { access: requesterRoles },
    schema: {
      tags,
      summary: 'Ask the centre to change the organisation I belong to',
      body: OrganizationRequestCreateBody,
      querystring: EmptyQuery,
      response: { 201: OrganizationRequest },
    },
    handler: async (request, reply) => {
      reply.code(201);
      return requests.createRequest(ctx(request), actorOf(request), request.body);
    },
  });

  app.get('/api/organization-requests/mine', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: 'My organisation change requests',
      querystring: OrganizationRequestListQuery,
      response: { 200: OrganizationRequestListResponse },
    },
    handler: async (request) => requests.listMine(ctx(request), actorOf(request), request.query),
  });

  app.get('/api/organization-requests', {
    config: { access: managerRoles },
    schema: {
      tags,
      summary: 'Organisation change requests to decide (pending by default)',
      querystring: OrganizationRequestListQuery,
      response: { 200: OrganizationRequestListResponse },
    },
    handler: async (request) => requests.listForCentre(ctx(request), actorOf(request), request.query),
  });

  app.post('/api/organization-requests/:id/approve', {
    config: { access: managerRoles },
    schema: {
      tags,
      summary: 'Approve: the user now belongs to the organisation asked for',
      params: IdParams,
      body: EmptyBody,
      querystring: EmptyQuery,
      response: { 200: OrganizationRequest },
    },
    handler: async (request) => requests.approve(ctx(request), actorOf(request), request.params.id),
  });

  app.post('/api/organization-requests/:id/reject', {
    config: { access: managerRoles },
    schema: {
      tags,
      summary: 'Reject with a reason the user sees',
      params: IdParams,
      body: OrganizationRequestRejectBody,
      querystring: EmptyQuery,
      response: { 200: OrganizationRequest },
    },
    handler: async (request) =>
      requests.reject(ctx(request), actorOf(request), request.params.id, request.body.reason),
  });

  app.post('/api/organization-requests/:id/cancel', {
    config: { access: requesterRoles },
    schema: {
      tags,
      summary: 'Withdraw my pending request',
      params: IdParams,
      body: EmptyBody,
      querystring: EmptyQuery,
      response: { 200: OrganizationRequest },
    },
    handler: async (request) => requests.cancel(ctx(request), actorOf(request), request.params.id),
  });
}
