import type {
  CaseReportBody,
  CaseReportListQuery,
  CaseReportPatchBody,
  CaseReviewBody,
} from '@tsunagu/shared';
import { call } from '@/api/operations.ts';

export const caseReportsApi = {
  list: (query: Partial<CaseReportListQuery>, signal?: AbortSignal) =>
    call('listCaseReports', { query, ...(signal ? { signal } : {}) }),
  get: (id: string) => call('getCaseReport', { params: { id } }),
  create: (body: CaseReportBody) => call('createCaseReport', { body }),
  update: (id: string, body: CaseReportPatchBody) => call('updateCaseReport', { params: { id }, body }),
  review: (id: string, body: CaseReviewBody) => call('reviewCaseReport', { params: { id }, body }),
};
