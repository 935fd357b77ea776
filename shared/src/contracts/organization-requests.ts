import { EmptyBody, IdParams } from '../schemas/common.ts';
import {
  OrganizationRequest,
  OrganizationRequestCreateBody,
  OrganizationRequestListQuery,
  OrganizationRequestListResponse,
  OrganizationRequestRejectBody,
} from '../schemas/organization-requests.ts';
import { managerRoles, organizationRequesterRoles } from '../roles.ts';
import { defineOperations } from './operation.ts';

const tags = ['organization-requests'];

/** A user asks to belong to another organisation; the centre approves or rejects. */
export const organizationRequestOperations = defineOperations({
  createOrganizationRequest: {
    method: 'POST',
    path: '/api/organization-requests',
    access: organizationRequesterRoles,
    tags,
    summary: 'Ask the centre to change the organisation I belong to',
    body: OrganizationRequestCreateBody,
    responses: { 201: OrganizationRequest },
    errors: ['conflict'],
  },
  listMyOrganizationRequests: {
    method: 'GET',
    path: '/api/organization-requests/mine',
    access: 'authenticated',
    tags,
    summary: 'My organisation change requests',
    query: OrganizationRequestListQuery,
    responses: { 200: OrganizationRequestListResponse },
  },
  listOrganizationRequests: {
    method: 'GET',
    path: '/api/organization-requests',
    access: managerRoles,
    tags,
    summary: 'Organisation change requests to decide (pending by default)',
    query: OrganizationRequestListQuery,
    responses: { 200: OrganizationRequestListResponse },
  },
  approveOrganizationRequest: {
    method: 'POST',
    path: '/api/organization-requests/:id/approve',
    access: managerRoles,
    tags,
    summary: 'Approve: the user now belongs to the organisation asked for',
    params: IdParams,
    body: EmptyBody,
    responses: { 200: OrganizationRequest },
    errors: ['invalid_transition'],
  },
  rejectOrganizationRequest: {
    method: 'POST',
    path: '/api/organization-requests/:id/reject',
    access: managerRoles,
    tags,
    summary: 'Reject with a reason the user sees',
    params: IdParams,
    body: OrganizationRequestRejectBody,
    responses: { 200: OrganizationRequest },
    errors: ['invalid_transition'],
  },
  cancelOrganizationRequest: {
    method: 'POST',
    path: '/api/organization-requests/:id/cancel',
    access: organizationRequesterRoles,
    tags,
    summary: 'Withdraw my pending request',
    params: IdParams,
    body: EmptyBody,
    responses: { 200: OrganizationRequest },
    errors: ['invalid_transition'],
  },
});
