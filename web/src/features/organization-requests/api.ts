import type { OrganizationRequestCreateBody } from '@tsunagu/shared';
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
  organizations: (q: string) => call('listOrganizations', { query: { q, pageSize: 20 } }),
};
