import type {
  ConsultationCreateBody,
  ConsultationListQuery,
  ConsultationPatchBody,
  ConsultationSummary,
  RedactBody,
  ReplyBody,
} from '@tsunagu/shared';
import { call } from '@/api/operations.ts';

/** A person as the API shows one (author, assignee, participant). */
export type PersonRef = ConsultationSummary['author'];

export const consultationsApi = {
  list: (query: Partial<ConsultationListQuery>, signal?: AbortSignal) =>
    call('listConsultations', { query, ...(signal ? { signal } : {}) }),
  get: (id: string) => call('getConsultation', { params: { id } }),
  create: (body: ConsultationCreateBody) => call('createConsultation', { body }),
  updateDraft: (id: string, body: ConsultationCreateBody) =>
    call('updateConsultationDraft', { params: { id }, body }),
  patch: (id: string, body: ConsultationPatchBody) => call('triageConsultation', { params: { id }, body }),
  reply: (id: string, body: ReplyBody) => call('replyToConsultation', { params: { id }, body }),
  redact: (id: string, body: RedactBody) => call('redactConsultation', { params: { id }, body }),
  suggestedExperts: (id: string) => call('suggestExperts', { params: { id } }),
  assignees: () => call('listAssignees'),
  piiCheck: (text: string) => call('checkPersonalData', { body: { text } }),
};
