import { computed, ref, type Ref } from 'vue';

/** A member as a mention candidate: `@` + the name without spaces, as the server matches it. */
export interface MentionCandidate {
  userId: string;
  handle: string;
}

export const handleOf = (displayName: string) => displayName.replace(/[\s\u3000]+/g, '');

/**
 * @mention autocomplete for a textarea: the word after `@` before the caret filters the
 * members; arrow keys move, Enter/Tab insert `@handle `, Escape closes.
 */
export function useMentions(text: Ref<string>, members: () => MentionCandidate[]) {
  const query = ref<string | null>(null);
  const start = ref(0);
  const active = ref(0);

  const options = computed(() => {
    const q = query.value;
    if (q === null) return [];
    return members()
      .filter((m) => m.handle.toLowerCase().includes(q.toLowerCase()))
      .slice(0, 8);
  });
  const open = computed(() => options.value.length > 0);

  /** After each input: is the caret inside an `@word`? */
  function update(el: HTMLTextAreaElement) {
    const before = text.value.slice(0, el.selectionStart ?? text.value.length);
    const m = /(^|\s)@([^\s@]*)$/.exec(before);
    query.value = m ? m[2]! : null;
    start.value = m ? before.length - m[2]!.length - 1 : 0;
    active.value = 0;
  }

  function choose(c: MentionCandidate, el: HTMLTextAreaElement | null) {
    const end = start.value + 1 + (query.value?.length ?? 0);
    const inserted = `@${c.handle} `;
    text.value = text.value.slice(0, start.value) + inserted + text.value.slice(end);
    query.value = null;
    const caret = start.value + inserted.length;
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(caret, caret);
    });
  }

  /** Returns true when the key was used by the list (the composer must not act on it). */
  function keydown(e: KeyboardEvent, el: HTMLTextAreaElement | null): boolean {
    if (!open.value) return false;
    const n = options.value.length;
    if (e.key === 'ArrowDown') active.value = (active.value + 1) % n;
    else if (e.key === 'ArrowUp') active.value = (active.value - 1 + n) % n;
    else if (e.key === 'Enter' || e.key === 'Tab') choose(options.value[active.value]!, el);
    else if (e.key === 'Escape') query.value = null;
    else return false;
    e.preventDefault();
    return true;
  }

  return { options, open, active, update, choose, keydown, close: () => (query.value = null) };
}
