import { operations as op } from '@tsunagu/shared';
import type { FastifyRequest } from 'fastify';
import { implement } from '../../lib/operation-routes.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import * as reports from './service.ts';

/** The case library: anonymised reports written from consultations, published after the centre's review. */
export default async function caseReportRoutes(app: App) {
  const ctx = (request: Pick<FastifyRequest, 'ip'>): reports.CaseReportContext => ({
    db: app.database.db,
    areas: app.areaDirectory,
    events: app.events,
    ip: request.ip,
  });

  implement(app, op.listCaseReports, (request) =>
    reports.listCaseReports(app.database.db, actorOf(request), request.query),
  );
  implement(app, op.getCaseReport, (request) =>
    reports.getCaseReport(app.database.db, actorOf(request), request.params.id),
  );
  implement(app, op.createCaseReport, async (request, reply) => {
    reply.code(201);
    return reports.createCaseReport(ctx(request), actorOf(request), request.body);
  });
  implement(app, op.updateCaseReport, (request) =>
    reports.updateCaseReport(ctx(request), actorOf(request), request.params.id, request.body),
  );
  implement(app, op.reviewCaseReport, (request) =>
    reports.reviewCaseReport(ctx(request), actorOf(request), request.params.id, request.body),
  );
}
