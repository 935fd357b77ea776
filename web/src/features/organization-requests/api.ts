import type {
  OrganizationListResponse,
  OrganizationRequest,
  OrganizationRequestCreateBody,
  OrganizationRequestListResponse,
} from '@tsunagu/shared';
import { api } from '@/api/client.ts';

const base = '/api/organization-requests';

export const organizationRequestsApi = {
  mine: () => api.get<OrganizationRequestListResponse>(`${base}/mine`, { pageSize: 5 }),
  create: (body: OrganizationRequestCreateBody) => api.post<OrganizationRequest>(base, body),
  cancel: (id: string) => api.post<OrganizationRequest>(`${base}/${id}/cancel`, {}),
  pending: (page: number, pageSize: number) =>
    api.get<OrganizationRequestListResponse>(base, { state: 'pending', page, pageSize }),
  approve: (id: string) => api.post<OrganizationRequest>(`${base}/${id}/approve`, {}),
  reject: (id: string, reason: string) => api.post<OrganizationRequest>(`${base}/${id}/reject`, { reason }),
  organizations: (q: string) => api.get<OrganizationListResponse>('/api/organizations', { q, pageSize: 20 }),
};
