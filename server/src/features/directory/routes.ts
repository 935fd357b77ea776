import {
  CoordinatorDetail,
  CoordinatorSearchQuery,
  CoordinatorSearchResponse,
  EmptyQuery,
  IdParams,
  ProfileUpdateBody,
} from '@tsunagu/shared';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import * as directory from './service.ts';

export default async function directoryRoutes(app: App) {
  const ctx = () => ({ db: app.database.db, areas: app.areaDirectory });

  app.get('/api/coordinators', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['directory'],
      summary: 'Search coordinators by area, qualification, experience and free text',
      querystring: CoordinatorSearchQuery,
      response: { 200: CoordinatorSearchResponse },
    },
    handler: async (request) => directory.searchCoordinators(ctx(), request.query),
  });

  app.get('/api/coordinators/:id', {
    config: { access: 'authenticated' },
    schema: { tags: ['directory'], params: IdParams, querystring: EmptyQuery, response: { 200: CoordinatorDetail } },
    handler: async (request) => directory.getCoordinator(ctx(), request.params.id),
  });

  app.get('/api/me/profile', {
    config: { access: 'authenticated' },
    schema: { tags: ['directory'], summary: 'My directory profile', querystring: EmptyQuery, response: { 200: CoordinatorDetail } },
    handler: async (request) => directory.getOwnProfile(ctx(), actorOf(request)),
  });

  app.patch('/api/me/profile', {
    config: { access: 'authenticated' },
    schema: { tags: ['directory'], summary: 'Edit my directory profile', body: ProfileUpdateBody, querystring: EmptyQuery, response: { 200: CoordinatorDetail } },
    handler: async (request) => directory.updateOwnProfile(ctx(), actorOf(request), request.body),
  });
}
