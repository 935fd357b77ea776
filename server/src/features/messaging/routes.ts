import {
  ChannelListResponse,
  ConversationCreateBody,
  ConversationDetail,
  ConversationListResponse,
  EmptyBody,
  EmptyQuery,
  IdParams,
  MemberParams,
  MembersAddBody,
  MessageListQuery,
  MessageListResponse,
  MessageSearchQuery,
  MessageSearchResponse,
  OkResponse,
} from '@tsunagu/shared';
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

  const tags = ['messaging'];
  const access = 'authenticated' as const;

  app.get('/api/conversations', {
    config: { access },
    schema: {
      tags,
      summary: 'My conversations with unread counts and the last message, most recent first',
      querystring: EmptyQuery,
      response: { 200: ConversationListResponse },
    },
    handler: async (request) => messaging.listConversations(ctx, actorOf(request)),
  });

  app.post('/api/conversations', {
    config: { access },
    schema: {
      tags,
      summary:
        'Start a direct conversation (the existing one if any: 200), a group, or a channel (centre staff)',
      body: ConversationCreateBody,
      querystring: EmptyQuery,
      response: { 200: ConversationDetail, 201: ConversationDetail },
    },
    handler: async (request, reply) => {
      const { created, detail } = await messaging.createConversation(ctx, actorOf(request), request.body);
      reply.code(created ? 201 : 200);
      return detail;
    },
  });

  app.get('/api/conversations/:id', {
    config: { access },
    schema: {
      tags,
      summary: 'A conversation of mine with its members, their presence and read positions',
      params: IdParams,
      querystring: EmptyQuery,
      response: { 200: ConversationDetail },
    },
    handler: async (request) => messaging.getConversation(ctx, actorOf(request), request.params.id),
  });

  app.post('/api/conversations/:id/members', {
    config: { access },
    schema: {
      tags,
      summary: 'Add members to a group (its creator or an admin of the group)',
      params: IdParams,
      body: MembersAddBody,
      querystring: EmptyQuery,
      response: { 200: ConversationDetail },
    },
    handler: async (request) =>
      messaging.addMembers(ctx, actorOf(request), request.params.id, request.body.userIds),
  });

  app.delete('/api/conversations/:id/members/:userId', {
    config: { access },
    schema: {
      tags,
      summary: 'Remove a member of a group (creator or admin), or leave (oneself)',
      params: MemberParams,
      querystring: EmptyQuery,
      response: { 200: OkResponse },
    },
    handler: async (request) => {
      await messaging.removeMember(ctx, actorOf(request), request.params.id, request.params.userId);
      return { ok: true };
    },
  });

  app.post('/api/conversations/:id/join', {
    config: { access },
    schema: {
      tags,
      summary: 'Join a channel',
      params: IdParams,
      body: EmptyBody,
      querystring: EmptyQuery,
      response: { 200: ConversationDetail },
    },
    handler: async (request) => messaging.joinChannel(ctx, actorOf(request), request.params.id),
  });

  app.post('/api/conversations/:id/leave', {
    config: { access },
    schema: {
      tags,
      summary: 'Leave a channel or a group',
      params: IdParams,
      body: EmptyBody,
      querystring: EmptyQuery,
      response: { 200: OkResponse },
    },
    handler: async (request) => {
      await messaging.leaveConversation(ctx, actorOf(request), request.params.id);
      return { ok: true };
    },
  });

  app.get('/api/channels', {
    config: { access },
    schema: {
      tags,
      summary: 'Every channel (per 圏域, per profession, and the centre’s), with whether I joined',
      querystring: EmptyQuery,
      response: { 200: ChannelListResponse },
    },
    handler: async (request) => messaging.listChannels(ctx, actorOf(request)),
  });

  app.get('/api/conversations/:id/messages', {
    config: { access },
    schema: {
      tags,
      summary: 'History, newest first; page backwards with `before` = the seq of the oldest message held',
      params: IdParams,
      querystring: MessageListQuery,
      response: { 200: MessageListResponse },
    },
    handler: async (request) => messaging.history(ctx, actorOf(request), request.params.id, request.query),
  });

  app.get('/api/messages/search', {
    config: { access },
    schema: {
      tags,
      summary: 'Search the messages of my conversations (Japanese substrings; kana and width folded)',
      querystring: MessageSearchQuery,
      response: { 200: MessageSearchResponse },
    },
    handler: async (request) => messaging.search(ctx, actorOf(request), request.query),
  });
}
