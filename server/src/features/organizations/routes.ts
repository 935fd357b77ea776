import {
  EmptyQuery,
  IdParams,
  Organization,
  OrganizationBody,
  OrganizationListQuery,
  OrganizationListResponse,
  OrganizationPatchBody,
  managerRoles,
} from '@tsunagu/shared';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import * as organizations from './service.ts';

export default async function organizationRoutes(app: App) {
  const ctx = () => ({ db: app.database.db, areas: app.areaDirectory });

  app.get('/api/organizations', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['organizations'],
      querystring: OrganizationListQuery,
      response: { 200: OrganizationListResponse },
    },
    handler: async (request) => organizations.listOrganizations(app.database.db, request.query),
  });

  app.get('/api/organizations/:id', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['organizations'],
      params: IdParams,
      querystring: EmptyQuery,
      response: { 200: Organization },
    },
    handler: async (request) => organizations.getOrganization(app.database.db, request.params.id),
  });

  app.post('/api/organizations', {
    config: { access: managerRoles },
    schema: {
      tags: ['organizations'],
      body: OrganizationBody,
      querystring: EmptyQuery,
      response: { 201: Organization },
    },
    handler: async (request, reply) => {
      reply.code(201);
      return organizations.createOrganization(ctx(), actorOf(request), request.body, request.ip);
    },
  });

  app.patch('/api/organizations/:id', {
    config: { access: managerRoles },
    schema: {
      tags: ['organizations'],
      params: IdParams,
      body: OrganizationPatchBody,
      querystring: EmptyQuery,
      response: { 200: Organization },
    },
    handler: async (request) =>
      organizations.updateOrganization(ctx(), actorOf(request), request.params.id, request.body, request.ip),
  });
}
