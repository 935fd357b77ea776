import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { useRoute, useRouter, type LocationQuery, type LocationQueryRaw } from 'vue-router';
import type { ApiError } from '@/api/client.ts';
import { toApiError } from '@/composables/errors.ts';

/**
 * A store's search: the filters last searched, the page of results, loading and error.
 * A newer search cancels an older one still on the wire, so a stale answer never lands.
 */
export function usePagedSearch<F, R>(fetch: (filters: F, signal: AbortSignal) => Promise<R>, initial: F) {
  const filters = ref(initial) as Ref<F>;
  const result = shallowRef<R | null>(null);
  const loading = ref(false);
  const error = shallowRef<ApiError | null>(null);
  let inFlight: AbortController | null = null;

  async function search(next: F) {
    filters.value = next;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    loading.value = true;
    error.value = null;
    try {
      const answer = await fetch(next, controller.signal);
      // An answer that was already on its way when a newer search began must not land after it.
      if (controller.signal.aborted) return;
      result.value = answer;
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

  return { filters, result, loading, error, search };
}

/**
 * A view's filters, kept in the URL query: searches whenever the query changes;
 * `apply` and `setPage` change the query (and so the search).
 */
export function useQueryFilters<F extends { page: number }>(
  fromQuery: (query: LocationQuery) => F,
  toQuery: (filters: F) => LocationQueryRaw,
  search: (filters: F) => Promise<unknown>,
) {
  const route = useRoute();
  const router = useRouter();
  const filters = computed(() => fromQuery(route.query));
  watch(filters, (f) => void search(f), { immediate: true });
  const apply = (next: F) => void router.push({ query: toQuery(next) });
  const setPage = (e: { page: number }) => apply({ ...filters.value, page: e.page + 1 });
  return { filters, apply, setPage };
}
