import { operations as op } from '@tsunagu/shared';
import { implement } from '../../lib/operation-routes.ts';
import { RETRY_AFTER_SECONDS } from '../../lib/unavailable.ts';
import type { App } from '../../types.ts';

export default async function healthRoutes(app: App) {
  implement(app, op.getHealth, async (_request, reply) => {
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
  });
}
