import type {
  CaseReport,
  CaseReportBody,
  CaseReportListResponse,
  CaseReportPatchBody,
  CaseReviewBody,
} from '@tsunagu/shared';
import { api, type Query } from '@/api/client.ts';

const path = (id: string) => `/api/case-reports/${encodeURIComponent(id)}`;

export const caseReportsApi = {
  list: (query: Query, signal?: AbortSignal) =>
    api.get<CaseReportListResponse>('/api/case-reports', query, signal),
  get: (id: string) => api.get<CaseReport>(path(id)),
  create: (body: CaseReportBody) => api.post<CaseReport>('/api/case-reports', body),
  update: (id: string, body: CaseReportPatchBody) => api.patch<CaseReport>(path(id), body),
  review: (id: string, body: CaseReviewBody) => api.post<CaseReport>(`${path(id)}/review`, body),
};
