import { IdParams } from '../schemas/common.ts';
import {
  CaseReport,
  CaseReportBody,
  CaseReportListQuery,
  CaseReportListResponse,
  CaseReportPatchBody,
  CaseReviewBody,
} from '../schemas/case-reports.ts';
import type { Role } from '../roles.ts';
import { defineOperations } from './operation.ts';

const tags = ['case reports'];
const writers: readonly Role[] = ['coordinator', 'center_staff'];

/** Anonymised case reports: written from answered consultations, reviewed and published by the centre. */
export const caseReportOperations = defineOperations({
  listCaseReports: {
    method: 'GET',
    path: '/api/case-reports',
    access: 'authenticated',
    tags,
    summary: 'Search the case library (published reports; own and in-review for authors and the centre)',
    query: CaseReportListQuery,
    responses: { 200: CaseReportListResponse },
  },
  getCaseReport: {
    method: 'GET',
    path: '/api/case-reports/:id',
    access: 'authenticated',
    tags,
    summary: 'A case report the caller may read',
    params: IdParams,
    responses: { 200: CaseReport },
  },
  createCaseReport: {
    method: 'POST',
    path: '/api/case-reports',
    access: writers,
    tags,
    summary: 'Write a case report from an answered or closed consultation',
    body: CaseReportBody,
    responses: { 201: CaseReport },
    // not_found: the consultation it comes from is not one the writer may see.
    errors: ['not_found', 'invalid_transition', 'pii_found'],
  },
  updateCaseReport: {
    method: 'PATCH',
    path: '/api/case-reports/:id',
    access: writers,
    tags,
    summary: "Change a report's text or tags; an author's change goes back to review",
    params: IdParams,
    body: CaseReportPatchBody,
    responses: { 200: CaseReport },
    errors: ['pii_found'],
  },
  reviewCaseReport: {
    method: 'POST',
    path: '/api/case-reports/:id/review',
    access: ['center_staff'],
    tags,
    summary: "The centre's review: publish or return",
    params: IdParams,
    body: CaseReviewBody,
    responses: { 200: CaseReport },
    errors: ['invalid_transition', 'pii_found'],
  },
});
