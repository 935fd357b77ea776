import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { AppError } from '../lib/errors.ts';

/**
 * Vite's built chunks and assets, `/assets/<name>-<8-character hash>.<ext>` (and their `.br`/`.gz`
 * copies): a new content gets a new name, so they are cached for good.
 */
const hashedAsset = new RegExp(`\\${sep}assets\\${sep}[^\\${sep}]+-[A-Za-z0-9_-]{8}(\\.[a-z0-9]+)+$`);
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Serves the built SPA; unknown non-API paths get index.html so client-side routes load.
 * Text files are sent precompressed (the `.br` and `.gz` made by the web build), chosen from
 * Accept-Encoding, with `Vary: Accept-Encoding`. Hashed assets are cached for a year; anything
 * else (index.html, favicon) is revalidated, so a new release is seen at once.
 */
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
        preCompressed: true,
        cacheControl: false,
        setHeaders: (reply, path) => {
          reply.header('cache-control', hashedAsset.test(path) ? IMMUTABLE : 'no-cache');
        },
      });
    }
    app.setNotFoundHandler((request, reply) => {
      if (
        request.method === 'GET' &&
        hasSpa &&
        !request.url.startsWith('/api/') &&
        !request.url.startsWith('/assets/')
      )
        return reply.sendFile('index.html', root);
      return reply.code(404).send(new AppError('not_found').toBody());
    });
  },
  { name: 'spa' },
);
