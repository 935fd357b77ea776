import type {
  ConsultationCreateBody,
  ConsultationDetail,
  ConsultationListResponse,
  ConsultationPatchBody,
  ConsultationSummary,
  ExpertSuggestionResponse,
  PiiCheckResponse,
  RedactBody,
  ReplyBody,
} from '@tsunagu/shared';
import { api, type Query } from '@/api/client.ts';

/** A person as the API shows one (author, assignee, participant). */
export type PersonRef = ConsultationSummary['author'];

const path = (id: string) => `/api/consultations/${encodeURIComponent(id)}`;

export const consultationsApi = {
  list: (query: Query, signal?: AbortSignal) =>
    api.get<ConsultationListResponse>('/api/consultations', query, signal),
  get: (id: string) => api.get<ConsultationDetail>(path(id)),
  create: (body: ConsultationCreateBody) => api.post<ConsultationDetail>('/api/consultations', body),
  updateDraft: (id: string, body: ConsultationCreateBody) =>
    api.request<ConsultationDetail>('PUT', `${path(id)}/draft`, { body }),
  patch: (id: string, body: ConsultationPatchBody) => api.patch<ConsultationDetail>(path(id), body),
  reply: (id: string, body: ReplyBody) => api.post<ConsultationDetail>(`${path(id)}/replies`, body),
  redact: (id: string, body: RedactBody) => api.post<ConsultationDetail>(`${path(id)}/redact`, body),
  suggestedExperts: (id: string) => api.get<ExpertSuggestionResponse>(`${path(id)}/suggested-experts`),
  assignees: () => api.get<{ items: PersonRef[] }>('/api/consultations/assignees'),
  piiCheck: (text: string) => api.post<PiiCheckResponse>('/api/consultations/pii-check', { text }),
};
