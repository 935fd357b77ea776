import { shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { CoordinatorDetail } from '@tsunagu/shared';
import { toApiError } from '@/composables/errors.ts';
import { usePagedSearch } from '@/composables/paged-search.ts';
import { directoryApi } from './api.ts';
import { apiQueryFromFilters, emptyFilters, type DirectoryFilters } from './query.ts';

export const useDirectoryStore = defineStore('directory', () => {
  /** Runs a search; a newer search cancels an older one still on the wire. */
  const { filters, result, loading, error, search } = usePagedSearch(
    (f: DirectoryFilters, signal) => directoryApi.search(apiQueryFromFilters(f), signal),
    emptyFilters(),
  );
  const detail = shallowRef<CoordinatorDetail | null>(null);

  async function loadDetail(id: string) {
    if (detail.value?.id !== id) detail.value = null;
    error.value = null;
    loading.value = true;
    try {
      detail.value = await directoryApi.get(id);
    } catch (e) {
      error.value = toApiError(e);
    } finally {
      loading.value = false;
    }
  }

  return { filters, result, loading, error, detail, search, loadDetail };
});
