import type { ResourceCreateBody, ResourcePatchBody, ResourceSearchQuery } from '@tsunagu/shared';
import { call, callUpload } from '@/api/operations.ts';

export const resourcesApi = {
  search: (query: Partial<ResourceSearchQuery>, signal?: AbortSignal) =>
    call('searchResources', { query, ...(signal ? { signal } : {}) }),
  get: (id: string) => call('getResource', { params: { id } }),
  create: (body: ResourceCreateBody) => call('createResource', { body }),
  patch: (id: string, body: ResourcePatchBody) => call('updateResource', { params: { id }, body }),
  confirm: (id: string) => call('confirmResource', { params: { id }, body: {} }),
  archive: (id: string) => call('archiveResource', { params: { id }, body: {} }),
  unarchive: (id: string) => call('unarchiveResource', { params: { id }, body: {} }),
  history: (id: string) => call('getResourceHistory', { params: { id } }),
  /** The CSV itself is the body; a dry run (the default) only reports. */
  import: (file: Blob, dryRun: boolean) =>
    callUpload('importResources', file, { query: { dryRun, encoding: 'auto' }, contentType: 'text/csv' }),
};
