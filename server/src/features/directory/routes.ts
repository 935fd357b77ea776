import {
  CoordinatorDetail,
  CoordinatorSearchQuery,
  CoordinatorSearchResponse,
  EmptyQuery,
  IdParams,
  ProfileUpdateBody,
} from '@tsunagu/shared';
import { invalid } from '../../lib/errors.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import * as directory from './service.ts';

export default async function directoryRoutes(app: App) {
  const ctx = () => ({ db: app.database.db, areas: app.areaDirectory, events: app.events });

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
    schema: {
      tags: ['directory'],
      params: IdParams,
      querystring: EmptyQuery,
      response: { 200: CoordinatorDetail },
    },
    handler: async (request) => directory.getCoordinator(ctx(), request.params.id),
  });

  app.get('/api/me/profile', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['directory'],
      summary: 'My directory profile',
      querystring: EmptyQuery,
      response: { 200: CoordinatorDetail },
    },
    handler: async (request) => directory.getOwnProfile(ctx(), actorOf(request)),
  });

  app.patch('/api/me/profile', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['directory'],
      summary:
        'Edit my directory profile (not the organisation: ask for it with POST /api/organization-requests)',
      body: ProfileUpdateBody,
      querystring: EmptyQuery,
      response: { 200: CoordinatorDetail },
    },
    // The schema refuses it anyway; this says what to do instead of "unknown field".
    preValidation: async (request) => {
      const body = request.body as Record<string, unknown> | null;
      if (body && typeof body === 'object' && 'organizationId' in body)
        throw invalid(
          'organizationId',
          '所属機関はご自身では変更できません。プロフィールの「所属の変更を依頼」からセンターに依頼してください',
          'you cannot change your organisation yourself: ask the centre with "Request an organisation change" on your profile',
        );
    },
    handler: async (request) => directory.updateOwnProfile(ctx(), actorOf(request), request.body),
  });
}
