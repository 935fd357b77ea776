import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { ImportJob } from '@tsunagu/shared';
import type { ApiError } from '@/api/client.ts';
import { toApiError } from '@/composables/errors.ts';
import { adminApi } from './api.ts';
import { canCommit, percent, pollJob } from './import-job.ts';

type Phase = 'idle' | 'uploading' | 'processing' | 'done' | 'failed';

export const useImportStore = defineStore('admin-import', () => {
  const file = shallowRef<File | null>(null);
  const phase = ref<Phase>('idle');
  const uploaded = ref(0);
  const job = shallowRef<ImportJob | null>(null);
  const error = shallowRef<ApiError | null>(null);
  let runId = 0;

  const progress = computed(() => {
    if (phase.value === 'uploading') return uploaded.value;
    if (phase.value === 'processing') return percent(job.value?.processed ?? 0, job.value?.total ?? 0);
    return phase.value === 'done' ? 100 : 0;
  });
  const busy = computed(() => phase.value === 'uploading' || phase.value === 'processing');
  const committable = computed(() => canCommit(job.value));

  function choose(f: File | null) {
    stop();
    file.value = f;
    job.value = null;
    error.value = null;
    phase.value = 'idle';
  }

  function stop() {
    runId++;
  }

  async function run(dryRun: boolean) {
    if (!file.value) return;
    const mine = ++runId;
    error.value = null;
    job.value = null;
    uploaded.value = 0;
    phase.value = 'uploading';
    try {
      const first = await adminApi.startImport(file.value, dryRun, (loaded, total) => {
        uploaded.value = percent(loaded, total);
      });
      phase.value = 'processing';
      const last = await pollJob(
        first,
        adminApi.importJob,
        (j) => {
          if (mine === runId) job.value = j;
        },
        { isCancelled: () => mine !== runId },
      );
      if (mine === runId) phase.value = last.state === 'done' ? 'done' : 'failed';
    } catch (e) {
      if (mine !== runId) return;
      error.value = toApiError(e);
      phase.value = 'failed';
    }
  }

  return { file, phase, job, error, progress, busy, committable, choose, stop, run };
});
