import type { FastifyRequest } from 'fastify';
import {
  CentreStaffResponse,
  ConsultationCreateBody,
  ConsultationDetail,
  ConsultationListQuery,
  ConsultationListResponse,
  ConsultationPatchBody,
  EmptyQuery,
  ExpertSuggestionResponse,
  IdParams,
  PiiCheckBody,
  PiiCheckResponse,
  RedactBody,
  ReplyBody,
} from '@tsunagu/shared';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import { findPersonalData } from './pii.ts';
import * as consultations from './service.ts';

/** Coordinators bring cases; the centre triages. Supporters and admins have no access. */
const caseRoles = ['coordinator', 'center_staff'] as const;

export default async function consultationRoutes(app: App) {
  const ctx = (request: FastifyRequest): consultations.ConsultationContext => ({
    db: app.database.db,
    areas: app.areaDirectory,
    events: app.events,
    ip: request.ip,
  });
  const tags = ['consultations'];

  app.post('/api/consultations/pii-check', {
    config: { access: 'authenticated' },
    schema: {
      tags,
      summary: 'Find personal data in a text (offsets in characters)',
      body: PiiCheckBody,
      querystring: EmptyQuery,
      response: { 200: PiiCheckResponse },
    },
    handler: async (request) => ({ findings: findPersonalData(request.body.text) }),
  });

  app.post('/api/consultations', {
    config: { access: caseRoles },
    schema: {
      tags,
      summary: 'Post a consultation (or keep it as a draft)',
      body: ConsultationCreateBody,
      querystring: EmptyQuery,
      response: { 201: ConsultationDetail },
    },
    handler: async (request, reply) => {
      reply.code(201);
      return consultations.createConsultation(ctx(request), actorOf(request), request.body);
    },
  });

  app.get('/api/consultations', {
    config: { access: caseRoles },
    schema: {
      tags,
      summary: "The centre's queue; one's own and invited consultations for a coordinator",
      querystring: ConsultationListQuery,
      response: { 200: ConsultationListResponse },
    },
    handler: async (request) =>
      consultations.listConsultations(ctx(request), actorOf(request), request.query),
  });

  app.get('/api/consultations/assignees', {
    config: { access: ['center_staff'] },
    schema: {
      tags,
      summary: 'Centre staff who can be assigned',
      querystring: EmptyQuery,
      response: { 200: CentreStaffResponse },
    },
    handler: async () => consultations.centreStaff(app.database.db),
  });

  app.get('/api/consultations/:id', {
    config: { access: caseRoles },
    schema: { tags, params: IdParams, querystring: EmptyQuery, response: { 200: ConsultationDetail } },
    handler: async (request) =>
      consultations.getConsultation(ctx(request), actorOf(request), request.params.id),
  });

  app.put('/api/consultations/:id/draft', {
    config: { access: caseRoles },
    schema: {
      tags,
      summary: 'Edit my draft; `draft: false` posts it',
      params: IdParams,
      body: ConsultationCreateBody,
      querystring: EmptyQuery,
      response: { 200: ConsultationDetail },
    },
    handler: async (request) =>
      consultations.updateDraft(ctx(request), actorOf(request), request.params.id, request.body),
  });

  app.patch('/api/consultations/:id', {
    config: { access: caseRoles },
    schema: {
      tags,
      summary: 'Triage (centre) or reopen/close (author)',
      params: IdParams,
      body: ConsultationPatchBody,
      querystring: EmptyQuery,
      response: { 200: ConsultationDetail },
    },
    handler: async (request) =>
      consultations.patchConsultation(ctx(request), actorOf(request), request.params.id, request.body),
  });

  app.post('/api/consultations/:id/replies', {
    config: { access: caseRoles },
    schema: {
      tags,
      summary: 'Reply, or add an internal note (centre only)',
      params: IdParams,
      body: ReplyBody,
      querystring: EmptyQuery,
      response: { 201: ConsultationDetail },
    },
    handler: async (request, reply) => {
      reply.code(201);
      return consultations.addReply(ctx(request), actorOf(request), request.params.id, request.body);
    },
  });

  app.post('/api/consultations/:id/redact', {
    config: { access: ['center_staff'] },
    schema: {
      tags,
      summary: 'Remove a span of text for good',
      params: IdParams,
      body: RedactBody,
      querystring: EmptyQuery,
      response: { 200: ConsultationDetail },
    },
    handler: async (request) =>
      consultations.redact(ctx(request), actorOf(request), request.params.id, request.body),
  });

  app.get('/api/consultations/:id/suggested-experts', {
    config: { access: ['center_staff'] },
    schema: {
      tags,
      summary: 'Coordinators with matching experience (same 圏域, same care types)',
      params: IdParams,
      querystring: EmptyQuery,
      response: { 200: ExpertSuggestionResponse },
    },
    handler: async (request) =>
      consultations.suggestExperts(ctx(request), actorOf(request), request.params.id),
  });
}
