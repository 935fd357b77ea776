import { AreasResponse, EmptyQuery, VocabulariesResponse, vocabularies } from '@tsunagu/shared';
import type { App } from '../../types.ts';

export default async function referenceRoutes(app: App) {
  app.get('/api/areas', {
    config: { access: 'public' },
    schema: {
      tags: ['reference'],
      summary: 'Prefecture → 圏域 → municipalities (JIS codes)',
      querystring: EmptyQuery,
      response: { 200: AreasResponse },
    },
    handler: async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return app.areaDirectory.all();
    },
  });

  app.get('/api/vocabularies', {
    config: { access: 'public' },
    schema: {
      tags: ['reference'],
      summary: 'Controlled vocabularies: codes with ja/en labels',
      querystring: EmptyQuery,
      response: { 200: VocabulariesResponse },
    },
    handler: async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return vocabularies;
    },
  });
}
