import type {
  OrganizationListResponse,
  Resource,
  ResourceCreateBody,
  ResourceHistoryResponse,
  ResourceImportReport,
  ResourcePatchBody,
  ResourceSearchResponse,
} from '@tsunagu/shared';
import { api, type Query } from '@/api/client.ts';

const path = (id: string) => `/api/resources/${encodeURIComponent(id)}`;

export const resourcesApi = {
  search: (query: Query, signal?: AbortSignal) =>
    api.get<ResourceSearchResponse>('/api/resources', query, signal),
  get: (id: string) => api.get<Resource>(path(id)),
  create: (body: ResourceCreateBody) => api.post<Resource>('/api/resources', body),
  patch: (id: string, body: ResourcePatchBody) => api.patch<Resource>(path(id), body),
  confirm: (id: string) => api.post<Resource>(`${path(id)}/confirm`),
  history: (id: string) => api.get<ResourceHistoryResponse>(`${path(id)}/history`),
  organizations: (q: string) => api.get<OrganizationListResponse>('/api/organizations', { q, pageSize: 20 }),
  /** The CSV itself is the body; a dry run (the default) only reports. */
  import: (file: Blob, dryRun: boolean) =>
    api.upload<ResourceImportReport>('/api/resources/import', file, {
      query: { dryRun, encoding: 'auto' },
      contentType: 'text/csv',
    }),
};
