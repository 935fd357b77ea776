import { operations as op, vocabularies } from '@tsunagu/shared';
import { implement } from '../../lib/operation-routes.ts';
import type { App } from '../../types.ts';

/** Reference data: public, and cached a little since it changes only when a file is loaded. */
export default async function referenceRoutes(app: App) {
  implement(app, op.listAreas, (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return app.areaDirectory.all();
  });
  implement(app, op.listVocabularies, (_request, reply) => {
    reply.header('cache-control', 'public, max-age=300');
    return vocabularies;
  });
}
