import { IdParams } from '../schemas/common.ts';
import {
  CentreStaffResponse,
  ConsultationCreateBody,
  ConsultationDetail,
  ConsultationListQuery,
  ConsultationListResponse,
  ConsultationPatchBody,
  ExpertSuggestionResponse,
  RedactBody,
  ReplyBody,
} from '../schemas/consultations.ts';
import { PiiCheckBody, PiiCheckResponse } from '../schemas/pii.ts';
import type { Role } from '../roles.ts';
import { defineOperations } from './operation.ts';

const tags = ['consultations'];
/** Coordinators bring cases; the centre triages. Supporters and admins have no access. */
const caseRoles: readonly Role[] = ['coordinator', 'center_staff'];
const centre: readonly Role[] = ['center_staff'];

/** A coordinator asks the centre about a case; the centre triages, replies and invites experts. */
export const consultationOperations = defineOperations({
  checkPersonalData: {
    method: 'POST',
    path: '/api/consultations/pii-check',
    access: 'authenticated',
    tags,
    summary: 'Find personal data in a text (offsets in characters)',
    body: PiiCheckBody,
    responses: { 200: PiiCheckResponse },
  },
  createConsultation: {
    method: 'POST',
    path: '/api/consultations',
    access: caseRoles,
    tags,
    summary: 'Post a consultation (or keep it as a draft)',
    body: ConsultationCreateBody,
    responses: { 201: ConsultationDetail },
    errors: ['pii_found'],
  },
  listConsultations: {
    method: 'GET',
    path: '/api/consultations',
    access: caseRoles,
    tags,
    summary: "The centre's queue; one's own and invited consultations for a coordinator",
    query: ConsultationListQuery,
    responses: { 200: ConsultationListResponse },
  },
  listAssignees: {
    method: 'GET',
    path: '/api/consultations/assignees',
    access: centre,
    tags,
    summary: 'Centre staff who can be assigned',
    responses: { 200: CentreStaffResponse },
  },
  getConsultation: {
    method: 'GET',
    path: '/api/consultations/:id',
    access: caseRoles,
    tags,
    summary: 'A consultation with its replies and history, as the caller may see it',
    params: IdParams,
    responses: { 200: ConsultationDetail },
  },
  updateConsultationDraft: {
    method: 'PUT',
    path: '/api/consultations/:id/draft',
    access: caseRoles,
    tags,
    summary: 'Edit my draft; `draft: false` posts it',
    params: IdParams,
    body: ConsultationCreateBody,
    responses: { 200: ConsultationDetail },
    errors: ['invalid_transition', 'pii_found'],
  },
  triageConsultation: {
    method: 'PATCH',
    path: '/api/consultations/:id',
    access: caseRoles,
    tags,
    summary: 'Triage (centre) or reopen/close (author)',
    params: IdParams,
    body: ConsultationPatchBody,
    responses: { 200: ConsultationDetail },
    errors: ['invalid_transition'],
  },
  replyToConsultation: {
    method: 'POST',
    path: '/api/consultations/:id/replies',
    access: caseRoles,
    tags,
    summary: 'Reply, or add an internal note (centre only)',
    params: IdParams,
    body: ReplyBody,
    responses: { 201: ConsultationDetail },
    errors: ['invalid_transition', 'pii_found'],
  },
  redactConsultation: {
    method: 'POST',
    path: '/api/consultations/:id/redact',
    access: centre,
    tags,
    summary: 'Remove a span of text for good',
    params: IdParams,
    body: RedactBody,
    responses: { 200: ConsultationDetail },
  },
  suggestExperts: {
    method: 'GET',
    path: '/api/consultations/:id/suggested-experts',
    access: centre,
    tags,
    summary: 'Coordinators with matching experience (same 圏域, same care types)',
    params: IdParams,
    responses: { 200: ExpertSuggestionResponse },
  },
});
