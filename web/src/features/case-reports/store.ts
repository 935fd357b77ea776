import { ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { CaseReport, CaseReportListResponse } from '@tsunagu/shared';
import type { ApiError } from '@/api/client.ts';
import { toApiError } from '@/composables/errors.ts';
import { caseReportsApi } from './api.ts';
import { apiQueryFromLibraryFilters, emptyLibraryFilters, type LibraryFilters } from './query.ts';

export const useCaseReportsStore = defineStore('caseReports', () => {
  const filters = ref<LibraryFilters>(emptyLibraryFilters());
  const result = shallowRef<CaseReportListResponse | null>(null);
  const loading = ref(false);
  const error = shallowRef<ApiError | null>(null);
  const detail = shallowRef<CaseReport | null>(null);
  const detailError = shallowRef<ApiError | null>(null);
  let inFlight: AbortController | null = null;

  async function search(next: LibraryFilters) {
    filters.value = next;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    loading.value = true;
    error.value = null;
    try {
      result.value = await caseReportsApi.list(apiQueryFromLibraryFilters(next), controller.signal);
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

  async function load(id: string) {
    if (detail.value?.id !== id) detail.value = null;
    detailError.value = null;
    try {
      detail.value = await caseReportsApi.get(id);
    } catch (e) {
      detailError.value = toApiError(e);
    }
  }

  /** The centre's review; the answer replaces the report shown. */
  async function review(decision: 'publish' | 'return', comment: string) {
    if (!detail.value) return;
    detail.value = await caseReportsApi.review(detail.value.id, {
      decision,
      ...(comment.trim() ? { comment: comment.trim() } : {}),
    });
  }

  return { filters, result, loading, error, detail, detailError, search, load, review };
});
