import { EmptyQuery, ResponseTargets } from '@tsunagu/shared';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import * as settings from './service.ts';

export default async function settingsRoutes(app: App) {
  app.get('/api/settings/response-targets', {
    config: { access: ['center_staff', 'admin'] },
    schema: {
      tags: ['settings'],
      summary: 'First-response targets per priority (business hours/days)',
      querystring: EmptyQuery,
      response: { 200: ResponseTargets },
    },
    handler: async () => settings.getResponseTargets(app.database.db),
  });

  app.put('/api/settings/response-targets', {
    config: { access: ['admin'] },
    schema: {
      tags: ['settings'],
      body: ResponseTargets,
      querystring: EmptyQuery,
      response: { 200: ResponseTargets },
    },
    handler: async (request) =>
      settings.setResponseTargets(app.database.db, actorOf(request).userId, request.body, request.ip),
  });
}
