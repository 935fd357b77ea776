import { EmptyQuery, HealthResponse } from '@tsunagu/shared';
import { RETRY_AFTER_SECONDS } from '../../lib/unavailable.ts';
import type { App } from '../../types.ts';

export default async function healthRoutes(app: App) {
  app.get('/api/health', {
    config: { access: 'public' },
    schema: {
      tags: ['system'],
      summary: 'Liveness and database state',
      querystring: EmptyQuery,
      response: { 200: HealthResponse, 503: HealthResponse },
    },
    handler: async (_request, reply) => {
      const driver = app.database.driver;
      try {
        await app.database.pool.query('SELECT 1');
        return { status: 'ok' as const, database: { state: 'up' as const, driver } };
      } catch {
        return reply
          .code(503)
          .header('retry-after', String(RETRY_AFTER_SECONDS))
          .send({ status: 'degraded' as const, database: { state: 'down' as const, driver } });
      }
    },
  });
}
