import { shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { Resource, ResourceCreateBody, ResourcePatchBody, ResourceRevision } from '@tsunagu/shared';
import type { ApiError } from '@/api/client.ts';
import { toApiError } from '@/composables/errors.ts';
import { usePagedSearch } from '@/composables/paged-search.ts';
import { resourcesApi } from './api.ts';
import { organizationsLookup } from './organizations-api.ts';
import { apiQueryFromFilters, emptyFilters, type ResourceFilters } from './query.ts';

/** The resource search, the resource being read and its history; components call these actions. */
export const useResourcesStore = defineStore('resources', () => {
  /** Runs a search; a newer one cancels an older one still on the wire. */
  const { filters, result, loading, error, search } = usePagedSearch(
    (f: ResourceFilters, signal) => resourcesApi.search(apiQueryFromFilters(f), signal),
    emptyFilters(),
  );
  const detail = shallowRef<Resource | null>(null);
  const detailError = shallowRef<ApiError | null>(null);
  const history = shallowRef<ResourceRevision[] | null>(null);

  /** Loads a resource, and its history when the server says the caller may read it. */
  async function load(id: string) {
    if (detail.value?.id !== id) {
      detail.value = null;
      history.value = null;
    }
    detailError.value = null;
    try {
      detail.value = await resourcesApi.get(id);
      if (detail.value.can.history) await loadHistory(id);
    } catch (e) {
      detailError.value = toApiError(e);
    }
  }

  async function loadHistory(id: string) {
    try {
      history.value = (await resourcesApi.history(id)).items;
    } catch {
      history.value = null;
    }
  }

  async function confirm() {
    if (!detail.value) return;
    detail.value = await resourcesApi.confirm(detail.value.id);
    await loadHistory(detail.value.id);
  }

  /** Closes the resource (archive) or reopens it, as its `can` allows. */
  async function setArchived(archive: boolean) {
    if (!detail.value) return;
    const id = detail.value.id;
    detail.value = archive ? await resourcesApi.archive(id) : await resourcesApi.unarchive(id);
    await loadHistory(id);
  }

  async function save(id: string | null, body: ResourceCreateBody | ResourcePatchBody): Promise<Resource> {
    const saved = id
      ? await resourcesApi.patch(id, body as ResourcePatchBody)
      : await resourcesApi.create(body as ResourceCreateBody);
    detail.value = saved;
    return saved;
  }

  /** Organisations matching what is typed, for a new resource's owner. */
  const organizations = (q: string) => organizationsLookup(q);

  return {
    filters,
    result,
    loading,
    error,
    detail,
    detailError,
    history,
    search,
    load,
    confirm,
    setArchived,
    save,
    organizations,
  };
});
