import type { FastifyRequest } from 'fastify';
import {
  CaseReport,
  CaseReportBody,
  CaseReportListQuery,
  CaseReportListResponse,
  CaseReportPatchBody,
  CaseReviewBody,
  EmptyQuery,
  IdParams,
} from '@tsunagu/shared';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import * as reports from './service.ts';

export default async function caseReportRoutes(app: App) {
  const ctx = (request: FastifyRequest): reports.CaseReportContext => ({
    db: app.database.db,
    areas: app.areaDirectory,
    events: app.events,
    ip: request.ip,
  });
  const tags = ['case reports'];

  app.get('/api/case-reports', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: 'Search the case library (published reports; own and in-review for authors and the centre)',
      querystring: CaseReportListQuery,
      response: { 200: CaseReportListResponse },
    },
    handler: async (request) => reports.listCaseReports(app.database.db, actorOf(request), request.query),
  });

  app.get('/api/case-reports/:id', {
    config: { access: 'authenticated' },
    schema: { tags, params: IdParams, querystring: EmptyQuery, response: { 200: CaseReport } },
    handler: async (request) => reports.getCaseReport(app.database.db, actorOf(request), request.params.id),
  });

  app.post('/api/case-reports', {
    config: { access: ['coordinator', 'center_staff'] },
    schema: {
      tags,
      summary: 'Write a case report from an answered or closed consultation',
      body: CaseReportBody,
      querystring: EmptyQuery,
      response: { 201: CaseReport },
    },
    handler: async (request, reply) => {
      reply.code(201);
      return reports.createCaseReport(ctx(request), actorOf(request), request.body);
    },
  });

  app.patch('/api/case-reports/:id', {
    config: { access: ['coordinator', 'center_staff'] },
    schema: {
      tags,
      params: IdParams,
      body: CaseReportPatchBody,
      querystring: EmptyQuery,
      response: { 200: CaseReport },
    },
    handler: async (request) =>
      reports.updateCaseReport(ctx(request), actorOf(request), request.params.id, request.body),
  });

  app.post('/api/case-reports/:id/review', {
    config: { access: ['center_staff'] },
    schema: {
      tags,
      summary: "The centre's review: publish or return",
      params: IdParams,
      body: CaseReviewBody,
      querystring: EmptyQuery,
      response: { 200: CaseReport },
    },
    handler: async (request) =>
      reports.reviewCaseReport(ctx(request), actorOf(request), request.params.id, request.body),
  });
}
