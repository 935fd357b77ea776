import { operations as op } from '@tsunagu/shared';
import type { FastifyRequest } from 'fastify';
import { implement } from '../../lib/operation-routes.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import { findPersonalData } from './pii.ts';
import * as consultations from './service.ts';

/** Coordinators bring cases; the centre triages. Supporters and admins have no access. */
export default async function consultationRoutes(app: App) {
  const ctx = (request: Pick<FastifyRequest, 'ip'>): consultations.ConsultationContext => ({
    db: app.database.db,
    areas: app.areaDirectory,
    events: app.events,
    ip: request.ip,
  });

  implement(app, op.checkPersonalData, (request) => ({ findings: findPersonalData(request.body.text) }));
  implement(app, op.createConsultation, async (request, reply) => {
    reply.code(201);
    return consultations.createConsultation(ctx(request), actorOf(request), request.body);
  });
  implement(app, op.listConsultations, (request) =>
    consultations.listConsultations(ctx(request), actorOf(request), request.query),
  );
  implement(app, op.listAssignees, () => consultations.centreStaff(app.database.db));
  implement(app, op.getConsultation, (request) =>
    consultations.getConsultation(ctx(request), actorOf(request), request.params.id),
  );
  implement(app, op.updateConsultationDraft, (request) =>
    consultations.updateDraft(ctx(request), actorOf(request), request.params.id, request.body),
  );
  implement(app, op.triageConsultation, (request) =>
    consultations.patchConsultation(ctx(request), actorOf(request), request.params.id, request.body),
  );
  implement(app, op.replyToConsultation, async (request, reply) => {
    reply.code(201);
    return consultations.addReply(ctx(request), actorOf(request), request.params.id, request.body);
  });
  implement(app, op.redactConsultation, (request) =>
    consultations.redact(ctx(request), actorOf(request), request.params.id, request.body),
  );
  implement(app, op.suggestExperts, (request) =>
    consultations.suggestExperts(ctx(request), actorOf(request), request.params.id),
  );
}
