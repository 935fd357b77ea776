import type {
  DeleteMessagePayload,
  EditMessagePayload,
  PresenceSetPayload,
  PresenceStatus,
  PresenceWatchPayload,
  ReadPayload,
  SendMessagePayload,
  SyncPayload,
  TypingPayload,
} from '@tsunagu/shared';
import type { AppServer, AppSocket, EventHandlers } from '../../plugins/realtime.ts';
import type { App } from '../../types.ts';
import { deliverMessaging } from './live.ts';
import { hasReadReceipts } from './policy.ts';
import { socketProfile } from './repository.ts';
import { Sequencer } from './sequencer.ts';
import * as messaging from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The messaging rules' context: database, the domain events, the per-conversation order. */
    messaging: messaging.MessagingContext;
  }
}

interface RealtimeTools {
  io: AppServer;
  presenceOf(userIds: string[]): Promise<Map<string, PresenceStatus>>;
  announcePresence(userId: string): Promise<void>;
}

/**
 * Messaging on the socket: its context, the name and conversation rooms of each socket at the
 * handshake, its client events, and the delivery of what it publishes to the rooms.
 */
export function setupMessagingSocket(app: App): messaging.MessagingContext {
  const ctx: messaging.MessagingContext = {
    db: app.database.db,
    events: app.events,
    sequencer: new Sequencer(),
    presenceOf: app.realtime.presenceOf,
    jobs: app.jobs,
  };
  app.decorate('messaging', ctx);
  app.realtime.onHandshake(async (socket) => {
    const { displayName, conversationIds } = await socketProfile(ctx.db, socket.data.userId);
    socket.data.displayName = displayName;
    await socket.join(conversationIds.map((id) => `conv:${id}`));
  });
  app.realtime.handle(messagingHandlers(ctx, app.realtime));
  deliverMessaging(app);
  return ctx;
}

const author = (socket: AppSocket): messaging.Author => ({
  userId: socket.data.userId,
  displayName: socket.data.displayName,
});

/**
 * The messaging events of a socket. The realtime plugin has already validated the payload,
 * applied the rate limit and checked the session; each handler checks membership itself, at
 * the time of the event (in the same statement that stores, where something is stored).
 */
export function messagingHandlers(ctx: messaging.MessagingContext, rt: RealtimeTools): EventHandlers {
  const handlers = {
    'message:send': (p: SendMessagePayload, socket: AppSocket) =>
      messaging.sendMessage(ctx, author(socket), p),

    'message:edit': (p: EditMessagePayload, socket: AppSocket) =>
      messaging.editMessage(ctx, author(socket), p.messageId, p.text),

    'message:delete': (p: DeleteMessagePayload, socket: AppSocket) =>
      messaging.deleteMessage(ctx, author(socket), p.messageId),

    sync: (p: SyncPayload, socket: AppSocket) =>
      messaging.sync(ctx, socket.data.userId, p.positions, p.limit ?? 200),

    read: async (p: ReadPayload, socket: AppSocket) => {
      const { userId } = socket.data;
      const { lastReadSeq, unread, kind } = await messaging.markRead(ctx, userId, p.conversationId, p.seq);
      const event = { conversationId: p.conversationId, userId, lastReadSeq };
      // Read receipts to the other members (direct and group); the reader's own tabs get the unread count.
      if (hasReadReceipts(kind))
        rt.io.to(`conv:${p.conversationId}`).except(`user:${userId}`).emit('read', event);
      rt.io.to(`user:${userId}`).emit('read', { ...event, unread });
      return { lastReadSeq, unread };
    },

    typing: async (p: TypingPayload, socket: AppSocket) => {
      await messaging.requireMember(ctx, socket.data.userId, p.conversationId);
      socket.to(`conv:${p.conversationId}`).emit('typing', {
        conversationId: p.conversationId,
        userId: socket.data.userId,
        displayName: socket.data.displayName,
        typing: p.typing,
      });
      return {};
    },

    'presence:set': async (p: PresenceSetPayload, socket: AppSocket) => {
      socket.data.away = p.status === 'away';
      await rt.announcePresence(socket.data.userId);
      return {};
    },

    'presence:watch': async (p: PresenceWatchPayload, socket: AppSocket) => {
      for (const room of socket.rooms) if (room.startsWith('presence:')) void socket.leave(room);
      if (p.userIds.length) await socket.join(p.userIds.map((u) => `presence:${u}`));
      const presence = await rt.presenceOf(p.userIds);
      return {
        presence: p.userIds.map((userId) => ({
          userId,
          status: presence.get(userId) ?? ('offline' as const),
        })),
      };
    },
  };
  return handlers as unknown as EventHandlers;
}
