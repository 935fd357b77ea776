import { EmptyQuery, IdParams, ImportJob, ImportQuery, managerRoles } from '@tsunagu/shared';
import { AppError } from '../../lib/errors.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import { defineImportJob } from './run.ts';
import { getImportJob, startCoordinatorImport } from './service.ts';

/** The largest coordinator list accepted (a prefecture's list is far smaller). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

export default async function importRoutes(app: App) {
  defineImportJob(app.jobs, {
    db: app.database.db,
    areas: app.areaDirectory,
    publicUrl: app.config.publicUrl,
    log: app.log,
    logMail: app.config.env !== 'production',
  });

  // The file is sent as it is (no multipart): its bytes reach the handler untouched, in this plugin only.
  // Browsers on Windows label a .csv file application/vnd.ms-excel; a real .xls is refused as binary.
  app.addContentTypeParser(
    ['text/csv', 'application/octet-stream', 'application/vnd.ms-excel'],
    { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.post('/api/admin/imports/coordinators', {
    bodyLimit: MAX_IMPORT_BYTES,
    config: { access: managerRoles, rawBody: true },
    schema: {
      tags: ['imports'],
      summary: 'Import a coordinator list (CSV in UTF-8 or Shift_JIS): dry run by default',
      description:
        'The body is the CSV file itself (Content-Type text/csv or application/octet-stream, at most 10 MB). ' +
        'The rows are processed in the background: poll GET /api/admin/imports/{id} for progress and the report.',
      consumes: ['text/csv', 'application/octet-stream', 'application/vnd.ms-excel'],
      querystring: ImportQuery,
      response: { 202: ImportJob },
    },
    handler: async (request, reply) => {
      if (
        request.body === undefined ||
        request.body === null ||
        (Buffer.isBuffer(request.body) && request.body.length === 0)
      )
        throw new AppError('bad_csv', undefined, { ja: 'ファイルが空です。', en: 'The file is empty.' });
      if (!Buffer.isBuffer(request.body))
        throw new AppError('bad_csv', undefined, {
          ja: 'CSV ファイルをそのまま送ってください（Content-Type: text/csv）。',
          en: 'Send the CSV file itself as the body (Content-Type: text/csv).',
        });
      const job = await startCoordinatorImport(app.database.db, app.jobs, actorOf(request), request.ip, {
        bytes: request.body,
        dryRun: request.query.dryRun ?? true,
        encoding: request.query.encoding ?? 'auto',
      });
      reply.code(202);
      return job;
    },
  });

  app.get('/api/admin/imports/:id', {
    config: { access: managerRoles },
    schema: {
      tags: ['imports'],
      summary: 'An import job: progress, then its report',
      params: IdParams,
      querystring: EmptyQuery,
      response: { 200: ImportJob },
    },
    handler: async (request) => getImportJob(app.database.db, actorOf(request), request.params.id),
  });
}
