/**
 * The rules of messaging, by job: conversations and their members, starting one, channels, and
 * messages. The routes and the socket handlers call these; policy.ts holds who may do what.
 */
export * from './context.ts';
export * from './conversations.ts';
export * from './create.ts';
export * from './channels.ts';
export * from './messages.ts';
