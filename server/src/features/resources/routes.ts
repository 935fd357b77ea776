import type { FastifyRequest } from 'fastify';
import {
  EmptyBody,
  EmptyQuery,
  IdParams,
  managerRoles,
  Resource,
  ResourceCreateBody,
  ResourceHistoryResponse,
  ResourceImportQuery,
  ResourceImportReport,
  ResourcePatchBody,
  ResourceSearchQuery,
  ResourceSearchResponse,
} from '@tsunagu/shared';
import { AppError } from '../../lib/errors.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import { importResources, MAX_RESOURCE_IMPORT_BYTES } from './import.ts';
import * as resources from './service.ts';

/** Who may add a resource: the centre for any organisation, supporters and coordinators for their own. */
const editorRoles = ['coordinator', 'supporter', 'center_staff', 'admin'] as const;

export default async function resourceRoutes(app: App) {
  const ctx = (request: FastifyRequest): resources.ResourceContext => ({
    db: app.database.db,
    areas: app.areaDirectory,
    ip: request.ip,
  });
  const tags = ['resources'];

  // The CSV is sent as it is (no multipart): its bytes reach the handler untouched, in this plugin only.
  app.addContentTypeParser(
    ['text/csv', 'application/octet-stream'],
    { parseAs: 'buffer', bodyLimit: MAX_RESOURCE_IMPORT_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get('/api/resources', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: 'Search local resources: every care type asked for must be accepted (at the given age)',
      querystring: ResourceSearchQuery,
      response: { 200: ResourceSearchResponse },
    },
    handler: async (request) => resources.searchResources(ctx(request), actorOf(request), request.query),
  });

  app.post('/api/resources', {
    config: { access: editorRoles },
    schema: {
      tags,
      summary: "Add a resource (centre: any organisation; others: their own organisation's)",
      body: ResourceCreateBody,
      querystring: EmptyQuery,
      response: { 201: Resource },
    },
    handler: async (request, reply) => {
      reply.code(201);
      return resources.createResource(ctx(request), actorOf(request), request.body);
    },
  });

  app.post('/api/resources/import', {
    bodyLimit: MAX_RESOURCE_IMPORT_BYTES,
    config: { access: managerRoles, rawBody: true },
    schema: {
      tags,
      summary: 'Import a resource list (CSV in UTF-8 or Shift_JIS): dry run by default',
      description:
        'The body is the CSV file itself (Content-Type text/csv or application/octet-stream, at most 5 MB). ' +
        'Columns: 事業所名, 所在市町村, サービス種別, サービス名, 説明, 対象市町村 (municipalities or 圏域), 医療的ケア (e.g. 人工呼吸器の管理(0-6)), ' +
        '対象年齢下限, 対象年齢上限, 受け入れ状況, 待機期間, 最終確認日, 連絡先, 備考. A dry run reports every bad row; an import with bad rows writes nothing (422).',
      consumes: ['text/csv', 'application/octet-stream'],
      querystring: ResourceImportQuery,
      response: { 200: ResourceImportReport },
    },
    handler: async (request) => {
      if (!Buffer.isBuffer(request.body) || request.body.length === 0)
        throw new AppError('bad_csv', undefined, {
          ja:
            Buffer.isBuffer(request.body) || request.body == null
              ? 'ファイルが空です。'
              : 'CSV ファイルをそのまま送ってください（Content-Type: text/csv）。',
          en:
            Buffer.isBuffer(request.body) || request.body == null
              ? 'The file is empty.'
              : 'Send the CSV file itself as the body (Content-Type: text/csv).',
        });
      return importResources(ctx(request), actorOf(request), {
        bytes: request.body,
        dryRun: request.query.dryRun ?? true,
        encoding: request.query.encoding ?? 'auto',
      });
    },
  });

  app.get('/api/resources/:id', {
    config: { access: 'authenticated' },
    schema: { tags, params: IdParams, querystring: EmptyQuery, response: { 200: Resource } },
    handler: async (request) => resources.getResource(ctx(request), actorOf(request), request.params.id),
  });

  app.patch('/api/resources/:id', {
    config: { access: editorRoles },
    schema: {
      tags,
      summary: 'Edit a resource; every change keeps who, when and the previous values',
      params: IdParams,
      body: ResourcePatchBody,
      querystring: EmptyQuery,
      response: { 200: Resource },
    },
    handler: async (request) =>
      resources.patchResource(ctx(request), actorOf(request), request.params.id, request.body),
  });

  app.post('/api/resources/:id/confirm', {
    config: { access: editorRoles },
    schema: {
      tags,
      summary: 'Confirm the entry is still true (sets the last-confirmed date to now)',
      params: IdParams,
      body: EmptyBody,
      querystring: EmptyQuery,
      response: { 200: Resource },
    },
    handler: async (request) => resources.confirmResource(ctx(request), actorOf(request), request.params.id),
  });

  app.get('/api/resources/:id/history', {
    config: { access: editorRoles },
    schema: {
      tags,
      summary: 'Every change: who, when, the previous and new values',
      params: IdParams,
      querystring: EmptyQuery,
      response: { 200: ResourceHistoryResponse },
    },
    handler: async (request) => resources.resourceHistory(ctx(request), actorOf(request), request.params.id),
  });
}
