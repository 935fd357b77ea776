import type {
  CancelBody,
  CompleteBody,
  CoordinatorDetail,
  ConsentBody,
  DeclineBody,
  FamilyDetailsResponse,
  ReferralCreateBody,
  ReferralDetail,
  ReferralListResponse,
  ReferralMessagesResponse,
  ReferralPatchBody,
  Resource,
} from '@tsunagu/shared';
import { api, type Query } from '@/api/client.ts';

const path = (id: string) => `/api/referrals/${encodeURIComponent(id)}`;

export interface TransitionBodies {
  send: Record<string, never>;
  accept: Record<string, never>;
  decline: DeclineBody;
  complete: CompleteBody;
  cancel: CancelBody;
}
export type Transition = keyof TransitionBodies;

export const referralsApi = {
  list: (query: Query, signal?: AbortSignal) =>
    api.get<ReferralListResponse>('/api/referrals', query, signal),
  get: (id: string) => api.get<ReferralDetail>(path(id)),
  create: (body: ReferralCreateBody) => api.post<ReferralDetail>('/api/referrals', body),
  patch: (id: string, body: ReferralPatchBody) => api.patch<ReferralDetail>(path(id), body),
  consent: (id: string, body: ConsentBody) => api.post<ReferralDetail>(`${path(id)}/consent`, body),
  transition: <K extends Transition>(id: string, kind: K, body: TransitionBodies[K]) =>
    api.post<ReferralDetail>(`${path(id)}/${kind}`, body),
  /** Each read is written to the audit log by the server. */
  family: (id: string) => api.get<FamilyDetailsResponse>(`${path(id)}/family`),
  messages: (id: string) => api.get<ReferralMessagesResponse>(`${path(id)}/messages`),
  addMessage: (id: string, body: string) =>
    api.post<ReferralMessagesResponse>(`${path(id)}/messages`, { body }),
  /** The APPI provision record of my organisation as CSV text (UTF-8). */
  provisionCsv: (from: string, to: string) =>
    api.get<string>('/api/referrals/provision-records', { format: 'csv', from, to }),
};

/** The recipient's name for the form: a resource, or a coordinator of the directory. */
export const recipientApi = {
  resource: (id: string) => api.get<Resource>(`/api/resources/${encodeURIComponent(id)}`),
  coordinator: (id: string) => api.get<CoordinatorDetail>(`/api/coordinators/${encodeURIComponent(id)}`),
};
