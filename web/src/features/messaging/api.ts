import type { ConversationCreateBody, MessageListQuery } from '@tsunagu/shared';
import { call } from '@/api/operations.ts';

/** Messaging over REST (sending, reading, typing and presence go over the socket). */
export const messagingApi = {
  list: () => call('listConversations'),
  get: (id: string) => call('getConversation', { params: { id } }),
  create: (body: ConversationCreateBody) => call('createConversation', { body }),
  addMembers: (id: string, userIds: string[]) =>
    call('addConversationMembers', { params: { id }, body: { userIds } }),
  removeMember: (id: string, userId: string) => call('removeConversationMember', { params: { id, userId } }),
  join: (id: string) => call('joinChannel', { params: { id }, body: {} }),
  leave: (id: string) => call('leaveConversation', { params: { id }, body: {} }),
  channels: () => call('listChannels'),
  channel: (id: string) => call('getChannel', { params: { id } }),
  messages: (id: string, query: Partial<MessageListQuery>) => call('listMessages', { params: { id }, query }),
  search: (q: string, conversationId?: string) =>
    call('searchMessages', { query: { q, ...(conversationId ? { conversationId } : {}) } }),
  /** People to write to or add to a group: every role (coordinators, supporters, the centre). */
  people: (q: string) => call('searchMessagingPeople', { query: { q, limit: 20 } }),
};
