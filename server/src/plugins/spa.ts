import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { AppError } from '../lib/errors.ts';

/** Serves the built SPA; unknown non-API paths get index.html so client-side routes load. */
export default fp(
  async (app) => {
    const root = app.config.webDist;
    const hasSpa = existsSync(join(root, 'index.html'));
    if (hasSpa) {
      await app.register(fastifyStatic, {
        root,
        // One route per built file: nothing outside web/dist can be reached.
        wildcard: false,
        index: false,
        maxAge: '1y',
        immutable: true,
      });
    }
    app.setNotFoundHandler((request, reply) => {
      if (
        request.method === 'GET' &&
        hasSpa &&
        !request.url.startsWith('/api/') &&
        !request.url.startsWith('/assets/')
      )
        return reply
          .header('cache-control', 'no-cache')
          .sendFile('index.html', root, { maxAge: 0, immutable: false });
      return reply.code(404).send(new AppError('not_found').toBody());
    });
  },
  { name: 'spa' },
);
