import { operations as op } from '@tsunagu/shared';
import type { FastifyRequest } from 'fastify';
import { implement } from '../../lib/operation-routes.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import { defineReferralJobs } from './jobs.ts';
import { provisionCsv, provisionRecords } from './provision.ts';
import * as referrals from './service.ts';
import { getRetention, setRetention } from './settings.ts';

/** Closed-loop referrals: each route is a contract of shared/src/contracts/referrals.ts and one service call. */
export default async function referralRoutes(app: App) {
  defineReferralJobs(app);
  const ctx = (request: Pick<FastifyRequest, 'ip'>): referrals.ReferralContext => ({
    db: app.database.db,
    areas: app.areaDirectory,
    events: app.events,
    key: app.config.familyDataKey,
    ip: request.ip,
  });

  implement(app, op.createReferral, async (request, reply) => {
    reply.code(201);
    return referrals.createReferral(ctx(request), actorOf(request), request.body);
  });
  implement(app, op.listReferrals, (request) =>
    referrals.listReferrals(ctx(request), actorOf(request), request.query),
  );
  implement(app, op.listProvisionRecords, async (request, reply) => {
    const records = await provisionRecords(app.database.db, actorOf(request), request.query);
    if (request.query.format !== 'csv') return records;
    const name = `provision-records-${request.query.from ?? 'all'}-${request.query.to ?? 'now'}.csv`;
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(provisionCsv(records) as never);
  });
  implement(app, op.getReferralRetention, () => getRetention(app.database.db));
  implement(app, op.setReferralRetention, (request) =>
    setRetention(app.database.db, actorOf(request).userId, request.body, request.ip),
  );
  implement(app, op.getReferral, (request) =>
    referrals.getReferral(ctx(request), actorOf(request), request.params.id),
  );
  implement(app, op.updateReferral, (request) =>
    referrals.patchDraft(ctx(request), actorOf(request), request.params.id, request.body),
  );
  implement(app, op.labelReferral, (request) =>
    referrals.setPrivateLabel(ctx(request), actorOf(request), request.params.id, request.body.privateLabel),
  );
  implement(app, op.recordReferralConsent, (request) =>
    referrals.recordConsent(ctx(request), actorOf(request), request.params.id, request.body),
  );
  implement(app, op.sendReferral, (request) =>
    referrals.transition(ctx(request), actorOf(request), request.params.id, 'send', {}),
  );
  implement(app, op.acceptReferral, (request) =>
    referrals.transition(ctx(request), actorOf(request), request.params.id, 'accept', {}),
  );
  implement(app, op.declineReferral, (request) =>
    referrals.transition(ctx(request), actorOf(request), request.params.id, 'decline', request.body),
  );
  implement(app, op.completeReferral, (request) =>
    referrals.transition(ctx(request), actorOf(request), request.params.id, 'complete', request.body),
  );
  implement(app, op.cancelReferral, (request) =>
    referrals.transition(ctx(request), actorOf(request), request.params.id, 'cancel', request.body),
  );
  implement(app, op.getReferralFamily, (request) =>
    referrals.readFamily(ctx(request), actorOf(request), request.params.id),
  );
  implement(app, op.listReferralMessages, (request) =>
    referrals.listMessages(ctx(request), actorOf(request), request.params.id),
  );
  implement(app, op.addReferralMessage, async (request, reply) => {
    reply.code(201);
    return referrals.addMessage(ctx(request), actorOf(request), request.params.id, request.body);
  });
}
