import { computed, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { AreasResponse, Term, VocabularyName } from '@tsunagu/shared';
import { call } from '@/api/operations.ts';
import { i18n } from '@/i18n/index.ts';

/** Every vocabulary of shared/vocabularies.ts, by name (the API's answer). */
export type Vocabularies = Partial<Record<VocabularyName, Term[]>> & Record<string, Term[]>;
export interface Option {
  value: string;
  label: string;
}
export interface OptionGroup {
  label: string;
  items: Option[];
}

/** Vocabularies and areas, fetched once from the API and labelled in the current language. */
export const useReferenceStore = defineStore('reference', () => {
  const locale = i18n.global.locale;
  const vocabularies = shallowRef<Vocabularies | null>(null);
  const areas = shallowRef<AreasResponse | null>(null);
  let loading: Promise<void> | null = null;

  function load(): Promise<void> {
    loading ??= Promise.all([call('listVocabularies'), call('listAreas')])
      .then(([v, a]) => {
        vocabularies.value = v;
        areas.value = a;
      })
      .catch((e: unknown) => {
        loading = null;
        throw e;
      });
    return loading;
  }

  const municipalityIndex = computed(() => {
    const m = new Map<string, { name: string; areaCode: string }>();
    for (const a of areas.value?.areas ?? [])
      for (const mu of a.municipalities) m.set(mu.code, { name: mu.name, areaCode: a.code });
    return m;
  });

  function label(name: VocabularyName, code: string): string {
    const term = vocabularies.value?.[name]?.find((t) => t.code === code);
    return term ? term[locale.value] : code;
  }

  function options(name: VocabularyName): Option[] {
    return (vocabularies.value?.[name] ?? []).map((t) => ({ value: t.code, label: t[locale.value] }));
  }

  function areaLabel(code: string): string {
    const a = areas.value?.areas.find((x) => x.code === code);
    if (!a) return code;
    return locale.value === 'en' ? a.nameEn : a.name;
  }

  function municipalityLabel(code: string): string {
    return municipalityIndex.value.get(code)?.name ?? code;
  }

  const areaOptions = computed<Option[]>(() =>
    (areas.value?.areas ?? []).map((a) => ({
      value: a.code,
      label: locale.value === 'en' ? a.nameEn : a.name,
    })),
  );

  /** Municipalities grouped by 圏域; only the given areas when any are chosen. */
  function municipalityGroups(onlyAreas: readonly string[] = []): OptionGroup[] {
    return (areas.value?.areas ?? [])
      .filter((a) => onlyAreas.length === 0 || onlyAreas.includes(a.code))
      .map((a) => ({
        label: locale.value === 'en' ? a.nameEn : a.name,
        items: a.municipalities.map((m) => ({ value: m.code, label: m.name })),
      }));
  }

  return {
    vocabularies,
    areas,
    load,
    label,
    options,
    areaLabel,
    municipalityLabel,
    areaOptions,
    municipalityGroups,
    municipalityIndex,
  };
});
