import { operations as op } from '@tsunagu/shared';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import { implement } from '../../lib/operation-routes.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import { createResource, confirmResource, patchResource, setArchived } from './changes.ts';
import { importResources, MAX_RESOURCE_IMPORT_BYTES } from './import.ts';
import * as resources from './service.ts';

/** Local resources (地域資源): searched by everyone signed in, kept by their organisation and the centre. */
export default async function resourceRoutes(app: App) {
  const ctx = (request: Pick<FastifyRequest, 'ip'>): resources.ResourceContext => ({
    db: app.database.db,
    areas: app.areaDirectory,
    ip: request.ip,
  });

  // The CSV is sent as it is (no multipart): its bytes reach the handler untouched, in this plugin only.
  app.addContentTypeParser(
    ['text/csv', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: MAX_RESOURCE_IMPORT_BYTES },
    (_request, body, done) => done(null, body),
  );

  implement(app, op.searchResources, (request) =>
    resources.searchResources(ctx(request), actorOf(request), request.query),
  );
  implement(app, op.createResource, async (request, reply) => {
    reply.code(201);
    return createResource(ctx(request), actorOf(request), request.body);
  });
  implement(app, op.importResources, (request) => {
    const body: unknown = request.body;
    if (!Buffer.isBuffer(body) || body.length === 0)
      throw new AppError('bad_csv', undefined, {
        ja:
          Buffer.isBuffer(body) || body == null
            ? 'ファイルが空です。'
            : 'CSV ファイルをそのまま送ってください（Content-Type: text/csv）。',
        en:
          Buffer.isBuffer(body) || body == null
            ? 'The file is empty.'
            : 'Send the CSV file itself as the body (Content-Type: text/csv).',
      });
    return importResources(ctx(request), actorOf(request), {
      bytes: body,
      dryRun: request.query.dryRun ?? true,
      encoding: request.query.encoding ?? 'auto',
    });
  });
  implement(app, op.getResource, (request) =>
    resources.getResource(ctx(request), actorOf(request), request.params.id),
  );
  implement(app, op.updateResource, (request) =>
    patchResource(ctx(request), actorOf(request), request.params.id, request.body),
  );
  implement(app, op.confirmResource, (request) =>
    confirmResource(ctx(request), actorOf(request), request.params.id),
  );
  implement(app, op.archiveResource, (request) =>
    setArchived(ctx(request), actorOf(request), request.params.id, true),
  );
  implement(app, op.unarchiveResource, (request) =>
    setArchived(ctx(request), actorOf(request), request.params.id, false),
  );
  implement(app, op.getResourceHistory, (request) =>
    resources.resourceHistory(ctx(request), actorOf(request), request.params.id),
  );
}
