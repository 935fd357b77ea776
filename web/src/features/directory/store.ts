import { ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { CoordinatorDetail, CoordinatorSearchResponse } from '@tsunagu/shared';
import type { ApiError } from '@/api/client.ts';
import { toApiError } from '@/composables/errors.ts';
import { directoryApi } from './api.ts';
import { apiQueryFromFilters, emptyFilters, type DirectoryFilters } from './query.ts';

export const useDirectoryStore = defineStore('directory', () => {
  const filters = ref<DirectoryFilters>(emptyFilters());
  const result = shallowRef<CoordinatorSearchResponse | null>(null);
  const loading = ref(false);
  const error = shallowRef<ApiError | null>(null);
  const detail = shallowRef<CoordinatorDetail | null>(null);
  let inFlight: AbortController | null = null;

  /** Runs a search; a newer search cancels an older one still on the wire. */
  async function search(next: DirectoryFilters) {
    filters.value = next;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    loading.value = true;
    error.value = null;
    try {
      result.value = await directoryApi.search(apiQueryFromFilters(next), controller.signal);
    } catch (e) {
      if (controller.signal.aborted) return;
      error.value = toApiError(e);
    } finally {
      if (inFlight === controller) {
        loading.value = false;
        inFlight = null;
      }
    }
  }

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
