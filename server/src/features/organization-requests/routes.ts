import { operations as op } from '@tsunagu/shared';
import type { FastifyRequest } from 'fastify';
import { implement } from '../../lib/operation-routes.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import * as requests from './service.ts';

/** A user asks to belong to another organisation; the centre approves or rejects. */
export default async function organizationRequestRoutes(app: App) {
  const ctx = (request: Pick<FastifyRequest, 'ip'>): requests.RequestContext => ({
    db: app.database.db,
    areas: app.areaDirectory,
    events: app.events,
    ip: request.ip,
  });

  implement(app, op.createOrganizationRequest, async (request, reply) => {
    reply.code(201);
    return requests.createRequest(ctx(request), actorOf(request), request.body);
  });
  implement(app, op.listMyOrganizationRequests, (request) =>
    requests.listMine(ctx(request), actorOf(request), request.query),
  );
  implement(app, op.listOrganizationRequests, (request) =>
    requests.listForCentre(ctx(request), actorOf(request), request.query),
  );
  implement(app, op.approveOrganizationRequest, (request) =>
    requests.approve(ctx(request), actorOf(request), request.params.id),
  );
  implement(app, op.rejectOrganizationRequest, (request) =>
    requests.reject(ctx(request), actorOf(request), request.params.id, request.body.reason),
  );
  implement(app, op.cancelOrganizationRequest, (request) =>
    requests.cancel(ctx(request), actorOf(request), request.params.id),
  );
}
