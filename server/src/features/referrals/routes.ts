import type { FastifyRequest } from 'fastify';
import { defineReferralJobs } from './jobs.ts';
import {
  CancelBody,
  CompleteBody,
  ConsentBody,
  DeclineBody,
  EmptyBody,
  EmptyQuery,
  FamilyDetailsResponse,
  IdParams,
  ProvisionRecordQuery,
  ProvisionRecordResponse,
  ReferralCreateBody,
  ReferralDetail,
  ReferralListQuery,
  ReferralListResponse,
  ReferralMessageBody,
  ReferralMessagesResponse,
  ReferralPatchBody,
  RetentionSetting,
} from '@tsunagu/shared';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import { provisionCsv, provisionRecords } from './provision.ts';
import * as referrals from './service.ts';
import { getRetention, setRetention } from './settings.ts';

/** The two sides of a referral; the centre reads states and counts only. Admins have no access to referrals. */
const sides = ['coordinator', 'supporter'] as const;
const readers = ['coordinator', 'supporter', 'center_staff'] as const;

export default async function referralRoutes(app: App) {
  defineReferralJobs(app);
  const ctx = (request: FastifyRequest): referrals.ReferralContext => ({
    db: app.database.db,
    areas: app.areaDirectory,
    events: app.events,
    key: app.config.familyDataKey,
    ip: request.ip,
  });
  const tags = ['referrals'];

  app.post('/api/referrals', {
    config: { access: ['coordinator'] },
    schema: {
      tags,
      summary: 'Create a referral (a draft) to a resource or a coordinator',
      body: ReferralCreateBody,
      querystring: EmptyQuery,
      response: { 201: ReferralDetail },
    },
    handler: async (request, reply) => {
      reply.code(201);
      return referrals.createReferral(ctx(request), actorOf(request), request.body);
    },
  });

  app.get('/api/referrals', {
    config: { access: readers },
    schema: {
      tags,
      summary: 'Referrals I sent or my organisation/I received; the centre sees all (without family details)',
      querystring: ReferralListQuery,
      response: { 200: ReferralListResponse },
    },
    handler: async (request) => referrals.listReferrals(ctx(request), actorOf(request), request.query),
  });

  app.get('/api/referrals/provision-records', {
    config: { access: sides },
    schema: {
      tags,
      summary:
        'APPI record of provision to a third party, for my organisation (sender side); format=csv for Excel',
      description:
        'Lists, for a period (JST dates, inclusive), each referral sent: when, by whom, to whom, the categories of data and the consent. `format=csv` answers text/csv in UTF-8 with a BOM.',
      querystring: ProvisionRecordQuery,
      response: { 200: ProvisionRecordResponse },
    },
    handler: async (request, reply) => {
      const records = await provisionRecords(app.database.db, actorOf(request), request.query);
      if (request.query.format !== 'csv') return records;
      const name = `provision-records-${request.query.from ?? 'all'}-${request.query.to ?? 'now'}.csv`;
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}"`)
        .send(provisionCsv(records) as never);
    },
  });

  app.get('/api/settings/referral-retention', {
    config: { access: ['center_staff', 'admin'] },
    schema: {
      tags: ['settings'],
      summary: "Years a family's details are kept after a referral ends (default 3, APPI)",
      querystring: EmptyQuery,
      response: { 200: RetentionSetting },
    },
    handler: async () => getRetention(app.database.db),
  });

  app.put('/api/settings/referral-retention', {
    config: { access: ['admin'] },
    schema: {
      tags: ['settings'],
      body: RetentionSetting,
      querystring: EmptyQuery,
      response: { 200: RetentionSetting },
    },
    handler: async (request) =>
      setRetention(app.database.db, actorOf(request).userId, request.body, request.ip),
  });

  app.get('/api/referrals/:id', {
    config: { access: readers },
    schema: { tags, params: IdParams, querystring: EmptyQuery, response: { 200: ReferralDetail } },
    handler: async (request) => referrals.getReferral(ctx(request), actorOf(request), request.params.id),
  });

  app.patch('/api/referrals/:id', {
    config: { access: ['coordinator'] },
    schema: {
      tags,
      summary: 'Edit my draft (choosing another recipient clears a consent that does not cover it)',
      params: IdParams,
      body: ReferralPatchBody,
      querystring: EmptyQuery,
      response: { 200: ReferralDetail },
    },
    handler: async (request) =>
      referrals.patchDraft(ctx(request), actorOf(request), request.params.id, request.body),
  });

  app.post('/api/referrals/:id/consent', {
    config: { access: ['coordinator'] },
    schema: {
      tags,
      summary: "Record the family's consent (date, method, the recipient it covers)",
      params: IdParams,
      body: ConsentBody,
      querystring: EmptyQuery,
      response: { 200: ReferralDetail },
    },
    handler: async (request) =>
      referrals.recordConsent(ctx(request), actorOf(request), request.params.id, request.body),
  });

  const move = <B extends typeof EmptyBody | typeof DeclineBody | typeof CompleteBody | typeof CancelBody>(
    kind: 'send' | 'accept' | 'decline' | 'complete' | 'cancel',
    body: B,
    summary: string,
  ) =>
    app.post(`/api/referrals/:id/${kind}`, {
      config: { access: kind === 'send' ? ['coordinator'] : sides },
      schema: {
        tags,
        summary,
        params: IdParams,
        body,
        querystring: EmptyQuery,
        response: { 200: ReferralDetail },
      },
      handler: async (request) =>
        referrals.transition(
          ctx(request),
          actorOf(request),
          (request.params as IdParams).id,
          kind,
          request.body as never,
        ),
    });
  move(
    'send',
    EmptyBody,
    'Send (needs a recipient, the need, the family’s details and a consent covering the recipient)',
  );
  move('accept', EmptyBody, 'Accept (the receiving side)');
  move('decline', DeclineBody, 'Decline with a reason (the receiving side)');
  move('complete', CompleteBody, 'Record the outcome of an accepted referral (either side)');
  move('cancel', CancelBody, 'Cancel (the sender; from draft, sent or accepted)');

  app.get('/api/referrals/:id/family', {
    config: { access: sides },
    schema: {
      tags,
      summary: "The family's details (the two sides only; every read is audited)",
      params: IdParams,
      querystring: EmptyQuery,
      response: { 200: FamilyDetailsResponse },
    },
    handler: async (request) => referrals.readFamily(ctx(request), actorOf(request), request.params.id),
  });

  app.get('/api/referrals/:id/messages', {
    config: { access: sides },
    schema: {
      tags,
      summary: "The referral's thread",
      params: IdParams,
      querystring: EmptyQuery,
      response: { 200: ReferralMessagesResponse },
    },
    handler: async (request) => referrals.listMessages(ctx(request), actorOf(request), request.params.id),
  });

  app.post('/api/referrals/:id/messages', {
    config: { access: sides },
    schema: {
      tags,
      summary: 'Write in the thread (either side)',
      params: IdParams,
      body: ReferralMessageBody,
      querystring: EmptyQuery,
      response: { 201: ReferralMessagesResponse },
    },
    handler: async (request, reply) => {
      reply.code(201);
      return referrals.addMessage(ctx(request), actorOf(request), request.params.id, request.body);
    },
  });
}
