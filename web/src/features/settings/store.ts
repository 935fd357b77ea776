import { shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { ResponseTargets, SettingsOverview } from '@tsunagu/shared';
import { useSubmit } from '@/composables/errors.ts';
import { settingsApi as api } from './api.ts';

/** The centre's settings page: what the server says, and what this user may change (`can`). */
export const useSettingsStore = defineStore('settings', () => {
  const overview = shallowRef<SettingsOverview | null>(null);
  const load = useSubmit();
  const targets = useSubmit();
  const closures = useSubmit();
  /** Set after a successful save, for the confirmation; cleared on the next change. */
  const saved = shallowRef<'targets' | 'closure' | null>(null);

  async function fetch() {
    const res = await load.run(() => api.overview());
    if (res) overview.value = res;
  }
  async function saveTargets(value: ResponseTargets) {
    saved.value = null;
    const res = await targets.run(() => api.setResponseTargets(value));
    if (res && overview.value) overview.value = { ...overview.value, responseTargets: res };
    if (res) saved.value = 'targets';
    return !!res;
  }
  async function addClosureDay(date: string, note: string) {
    saved.value = null;
    const day = await closures.run(() =>
      api.addClosureDay({ date, ...(note.trim() ? { note: note.trim() } : {}) }),
    );
    if (day && overview.value) {
      const closureDays = [...overview.value.closureDays, day].sort((a, b) => a.date.localeCompare(b.date));
      overview.value = { ...overview.value, closureDays };
      saved.value = 'closure';
    }
    return !!day;
  }
  async function removeClosureDay(date: string) {
    saved.value = null;
    const done = await closures.run(async () => {
      await api.removeClosureDay(date);
      return true;
    });
    if (done && overview.value)
      overview.value = {
        ...overview.value,
        closureDays: overview.value.closureDays.filter((d) => d.date !== date),
      };
  }

  return {
    overview,
    saved,
    loading: load.busy,
    loadError: load.message,
    targetsBusy: targets.busy,
    targetsError: targets.message,
    closuresBusy: closures.busy,
    closuresError: closures.message,
    closuresFieldErrors: closures.fieldErrors,
    fetch,
    saveTargets,
    addClosureDay,
    removeClosureDay,
  };
});
