import { computed, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { CaseReport, CaseReportBody, CaseReportPatchBody } from '@tsunagu/shared';
import type { ApiError } from '@/api/client.ts';
import { toApiError } from '@/composables/errors.ts';
import { usePagedSearch } from '@/composables/paged-search.ts';
import { roleMayCall } from '@/api/operations.ts';
import { useAuthStore } from '@/features/auth/store.ts';
import { caseReportsApi } from './api.ts';
import { apiQueryFromLibraryFilters, emptyLibraryFilters, type LibraryFilters } from './query.ts';

export const useCaseReportsStore = defineStore('caseReports', () => {
  const { filters, result, loading, error, search } = usePagedSearch(
    (f: LibraryFilters, signal) => caseReportsApi.list(apiQueryFromLibraryFilters(f), signal),
    emptyLibraryFilters(),
  );
  const auth = useAuthStore();
  /** What the library offers the user: writing reports, and the centre's review queue (from the contracts' access). */
  const mayWrite = computed(() => roleMayCall('createCaseReport', auth.user?.role));
  const mayReview = computed(() => roleMayCall('reviewCaseReport', auth.user?.role));
  const detail = shallowRef<CaseReport | null>(null);
  const detailError = shallowRef<ApiError | null>(null);

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

  // Calls whose answer the form keeps, not the report shown.
  const get = (id: string) => caseReportsApi.get(id);
  const create = (body: CaseReportBody) => caseReportsApi.create(body);
  const update = (id: string, body: CaseReportPatchBody) => caseReportsApi.update(id, body);

  return {
    filters,
    result,
    loading,
    error,
    mayWrite,
    mayReview,
    detail,
    detailError,
    search,
    load,
    review,
    get,
    create,
    update,
  };
});
