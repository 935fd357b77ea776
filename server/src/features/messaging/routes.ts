import { operations as op } from '@tsunagu/shared';
import { implement } from '../../lib/operation-routes.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import * as messaging from './service.ts';

/**
 * Conversations, history and search over REST; sending, reading, typing and presence go over
 * the socket (plugins/realtime.ts and ./socket.ts). Every signed-in role may message.
 */
export default async function messagingRoutes(app: App) {
  const ctx = app.messaging;
  app.jobs.define(messaging.VACUUM_JOB, {
    policy: 'short',
    handler: async () => void (await messaging.vacuumMessages(app.database.db)),
  });
  // The open channels (one per 圏域, one per profession) exist from the start.
  await messaging.ensureOpenChannels(app.database.db);

  // People are joined to their 圏域's and qualifications' channels when they can first use them and
  // whenever they save their profile (after the commit: a failure is logged, the save stands).
  const joinOwn = ({ userId }: { userId: string }) =>
    messaging.joinOwnChannels(ctx, userId).then(() => undefined);
  const offs = [
    app.events.subscribe('account.activated', joinOwn),
    app.events.subscribe('profile.changed', joinOwn),
  ];
  app.addHook('preClose', async () => offs.forEach((off) => off()));

  implement(app, op.listConversations, (request) => messaging.listConversations(ctx, actorOf(request)));
  implement(app, op.createConversation, async (request, reply) => {
    const { created, detail } = await messaging.createConversation(ctx, actorOf(request), request.body);
    reply.code(created ? 201 : 200);
    return detail;
  });
  implement(app, op.getConversation, (request) =>
    messaging.getConversation(ctx, actorOf(request), request.params.id),
  );
  implement(app, op.addConversationMembers, (request) =>
    messaging.addMembers(ctx, actorOf(request), request.params.id, request.body.userIds),
  );
  implement(app, op.removeConversationMember, async (request) => {
    await messaging.removeMember(ctx, actorOf(request), request.params.id, request.params.userId);
    return { ok: true };
  });
  implement(app, op.joinChannel, (request) =>
    messaging.joinChannel(ctx, actorOf(request), request.params.id),
  );
  implement(app, op.leaveConversation, async (request) => {
    await messaging.leaveConversation(ctx, actorOf(request), request.params.id);
    return { ok: true };
  });
  implement(app, op.listChannels, (request) => messaging.listChannels(ctx, actorOf(request)));
  implement(app, op.getChannel, (request) => messaging.getChannel(ctx, actorOf(request), request.params.id));
  implement(app, op.listMessages, (request) =>
    messaging.history(ctx, actorOf(request), request.params.id, request.query),
  );
  implement(app, op.searchMessages, (request) => messaging.search(ctx, actorOf(request), request.query));
  implement(app, op.searchMessagingPeople, (request) =>
    messaging.searchPeople(app.database.db, actorOf(request), request.query),
  );
}
