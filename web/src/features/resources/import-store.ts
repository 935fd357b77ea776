import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { ResourceImportReport } from '@tsunagu/shared';
import type { ApiError } from '@/api/client.ts';
import { toApiError } from '@/composables/errors.ts';
import { resourcesApi } from './api.ts';

/** The resource CSV import: a dry run first, then the import of the same file. */
export const useResourceImportStore = defineStore('resource-import', () => {
  const file = shallowRef<File | null>(null);
  const busy = ref(false);
  const report = shallowRef<ResourceImportReport | null>(null);
  const error = shallowRef<ApiError | null>(null);

  /** Only a clean dry run of the chosen file may be imported. */
  const committable = computed(
    () =>
      !!file.value &&
      !!report.value?.dryRun &&
      report.value.errors.length === 0 &&
      report.value.validRows > 0,
  );

  function choose(f: File | null) {
    file.value = f;
    report.value = null;
    error.value = null;
  }

  async function run(dryRun: boolean) {
    if (!file.value) return;
    busy.value = true;
    error.value = null;
    try {
      report.value = await resourcesApi.import(file.value, dryRun);
    } catch (e) {
      error.value = toApiError(e);
    } finally {
      busy.value = false;
    }
  }

  return { file, busy, report, error, committable, choose, run };
});
