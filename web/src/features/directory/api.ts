import type { CoordinatorDetail, CoordinatorSearchResponse } from '@tsunagu/shared';
import { api, type Query } from '@/api/client.ts';

export const directoryApi = {
  search: (query: Query, signal?: AbortSignal) =>
    api.get<CoordinatorSearchResponse>('/api/coordinators', query, signal),
  get: (id: string) => api.get<CoordinatorDetail>(`/api/coordinators/${encodeURIComponent(id)}`),
};
