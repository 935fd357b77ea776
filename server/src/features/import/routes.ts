import { MAX_IMPORT_BYTES, operations as op } from '@tsunagu/shared';
import { AppError } from '../../lib/errors.ts';
import { implement } from '../../lib/operation-routes.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import { defineImportJob } from './run.ts';
import { getImportJob, startCoordinatorImport } from './service.ts';

export default async function importRoutes(app: App) {
  defineImportJob(app.jobs, {
    db: app.database.db,
    areas: app.areaDirectory,
    publicUrl: app.config.publicUrl,
    log: app.log,
    mail: app.mail,
  });

  // The file is sent as it is (no multipart): its bytes reach the handler untouched, in this plugin only.
  app.addContentTypeParser(
    [...(op.importCoordinators.consumes ?? [])],
    { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES },
    (_request, body, done) => done(null, body),
  );

  implement(app, op.importCoordinators, async (request, reply) => {
    const body: unknown = request.body;
    if (body === undefined || body === null || (Buffer.isBuffer(body) && body.length === 0))
      throw new AppError('bad_csv', undefined, { ja: 'ファイルが空です。', en: 'The file is empty.' });
    if (!Buffer.isBuffer(body))
      throw new AppError('bad_csv', undefined, {
        ja: 'CSV ファイルをそのまま送ってください（Content-Type: text/csv）。',
        en: 'Send the CSV file itself as the body (Content-Type: text/csv).',
      });
    const job = await startCoordinatorImport(app.database.db, app.jobs, actorOf(request), request.ip, {
      bytes: body,
      dryRun: request.query.dryRun ?? true,
      encoding: request.query.encoding ?? 'auto',
    });
    reply.code(202);
    return job;
  });

  implement(app, op.getImportJob, (request) =>
    getImportJob(app.database.db, actorOf(request), request.params.id),
  );
}
