import type { App } from '../../types.ts';

/** What messaging publishes, delivered to the conversation rooms (in every process through the adapter). */
export function deliverMessaging(app: App): void {
  const { io } = app.realtime;
  const offs = [
    app.events.subscribe(
      'message.created',
      ({ message }) => void io.to(`conv:${message.conversationId}`).emit('message:new', message),
    ),
    app.events.subscribe(
      'message.updated',
      ({ message }) => void io.to(`conv:${message.conversationId}`).emit('message:updated', message),
    ),
    app.events.subscribe('conversation.membersAdded', ({ summary, userIds }) => {
      const rooms = userIds.map((u) => `user:${u}`);
      io.in(rooms).socketsJoin(`conv:${summary.id}`);
      io.to(rooms).emit('conversation:added', summary);
    }),
    app.events.subscribe('conversation.membersRemoved', ({ conversationId, userIds }) => {
      const rooms = userIds.map((u) => `user:${u}`);
      // Every socket of a removed user, in every process, leaves the room before anything else is sent to it.
      io.in(rooms).socketsLeave(`conv:${conversationId}`);
      io.to(rooms).emit('conversation:removed', { conversationId });
    }),
  ];
  app.addHook('preClose', async () => offs.forEach((off) => off()));
}
