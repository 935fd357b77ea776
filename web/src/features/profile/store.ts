import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { OwnProfile } from '@tsunagu/shared';
import { useSubmit } from '@/composables/errors.ts';
import { profileApi } from './api.ts';
import { formFromDetail, profileChanges, type ProfileForm } from './form.ts';

export const useProfileStore = defineStore('profile', () => {
  const original = shallowRef<OwnProfile | null>(null);
  const form = ref<ProfileForm | null>(null);
  const saved = ref(false);
  const noChanges = ref(false);
  const load = useSubmit();
  const save = useSubmit();

  const changes = computed(() =>
    form.value && original.value ? profileChanges(form.value, original.value) : {},
  );
  const dirty = computed(() => Object.keys(changes.value).length > 0);

  async function fetch() {
    const detail = await load.run(() => profileApi.get());
    if (detail) {
      original.value = detail;
      form.value = formFromDetail(detail);
    }
  }

  async function submit() {
    saved.value = false;
    noChanges.value = !dirty.value;
    if (!dirty.value) return;
    const detail = await save.run(() => profileApi.update(changes.value));
    if (detail) {
      original.value = detail;
      form.value = formFromDetail(detail);
      saved.value = true;
    }
  }

  return {
    original,
    form,
    saved,
    noChanges,
    dirty,
    loadError: load.message,
    saving: save.busy,
    saveError: save.message,
    fieldErrors: save.fieldErrors,
    fetch,
    submit,
  };
});
