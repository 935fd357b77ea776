import { ref, shallowRef } from 'vue';
import type { ApiError } from '@/api/client.ts';
import { toApiError } from '@/composables/errors.ts';
import type { Paged } from './api.ts';

/** A server-paged list for a DataTable: page state, loading, error, and reload. */
export function usePagedList<T>(
  fetchPage: (page: number, pageSize: number) => Promise<Paged<T>>,
  pageSize = 20,
) {
  const items = shallowRef<T[]>([]);
  const total = ref(0);
  const page = ref(1);
  const rows = ref(pageSize);
  const loading = ref(false);
  const error = shallowRef<ApiError | null>(null);
  let seq = 0;

  async function load(nextPage = page.value, nextRows = rows.value) {
    const mine = ++seq;
    loading.value = true;
    error.value = null;
    try {
      const res = await fetchPage(nextPage, nextRows);
      if (mine !== seq) return;
      items.value = res.items;
      total.value = res.total;
      page.value = res.page;
      rows.value = res.pageSize;
    } catch (e) {
      if (mine === seq) error.value = toApiError(e);
    } finally {
      if (mine === seq) loading.value = false;
    }
  }

  return { items, total, page, rows, loading, error, load };
}
