import type {
  ChannelListResponse,
  ConversationCreateBody,
  ConversationDetail,
  ConversationListResponse,
  CoordinatorSearchResponse,
  MessageListResponse,
  MessageSearchResponse,
} from '@tsunagu/shared';
import { api } from '@/api/client.ts';

const path = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;

export const messagingApi = {
  list: () => api.get<ConversationListResponse>('/api/conversations'),
  get: (id: string) => api.get<ConversationDetail>(path(id)),
  create: (body: ConversationCreateBody) => api.post<ConversationDetail>('/api/conversations', body),
  addMembers: (id: string, userIds: string[]) =>
    api.post<ConversationDetail>(`${path(id)}/members`, { userIds }),
  removeMember: (id: string, userId: string) =>
    api.del<unknown>(`${path(id)}/members/${encodeURIComponent(userId)}`),
  join: (id: string) => api.post<ConversationDetail>(`${path(id)}/join`),
  leave: (id: string) => api.post<unknown>(`${path(id)}/leave`),
  channels: () => api.get<ChannelListResponse>('/api/channels'),
  messages: (id: string, query: { before?: number; limit?: number; threadRootId?: string }) =>
    api.get<MessageListResponse>(`${path(id)}/messages`, query),
  search: (q: string, conversationId?: string) =>
    api.get<MessageSearchResponse>('/api/messages/search', { q, conversationId }),
  /** People to write to: the coordinator directory. */
  people: (q: string) => api.get<CoordinatorSearchResponse>('/api/coordinators', { q, pageSize: 10 }),
};
