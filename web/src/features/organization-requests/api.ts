import type { OrganizationListResponse, OrganizationRequestCreateBody } from '@tsunagu/shared';
import { api } from '@/api/client.ts';
import { call } from '@/api/operations.ts';

export const organizationRequestsApi = {
  mine: () => call('listMyOrganizationRequests', { query: { pageSize: 5 } }),
  create: (body: OrganizationRequestCreateBody) => call('createOrganizationRequest', { body }),
  cancel: (id: string) => call('cancelOrganizationRequest', { params: { id }, body: {} }),
  pending: (page: number, pageSize: number) =>
    call('listOrganizationRequests', { query: { state: 'pending', page, pageSize } }),
  approve: (id: string) => call('approveOrganizationRequest', { params: { id }, body: {} }),
  reject: (id: string, reason: string) =>
    call('rejectOrganizationRequest', { params: { id }, body: { reason } }),
  // Organisations are listed by their own feature (still written by hand until it has contracts).
  organizations: (q: string) => api.get<OrganizationListResponse>('/api/organizations', { q, pageSize: 20 }),
};
