import type { CoordinatorSearchQuery } from '@tsunagu/shared';
import { call } from '@/api/operations.ts';

export const directoryApi = {
  search: (query: CoordinatorSearchQuery, signal?: AbortSignal) =>
    call('searchCoordinators', { query, ...(signal ? { signal } : {}) }),
  get: (id: string) => call('getCoordinator', { params: { id } }),
};
