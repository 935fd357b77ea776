import { ref, watch, type Ref } from 'vue';

/**
 * An editable copy of a prop (e.g. a filter form's filters), replaced by a fresh copy
 * whenever the prop changes. `copy` makes the copy: shallow unless told otherwise.
 */
export function useDraft<T extends object>(source: () => T, copy: (value: T) => T = (v) => ({ ...v })) {
  const draft = ref(copy(source())) as Ref<T>;
  watch(source, (v) => (draft.value = copy(v)));
  return draft;
}
