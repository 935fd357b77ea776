import { onBeforeUnmount, reactive, watch, type WatchSource } from 'vue';
import type { PiiFinding } from '@tsunagu/shared';
import { consultationsApi } from './api.ts';

const DELAY_MS = 500;

/**
 * Live personal-data check of some text fields: each field is sent to the server's
 * `pii-check` a moment after the author stops typing; older answers never overwrite newer.
 */
export function usePiiCheck<F extends string>(fields: readonly F[], source: (field: F) => string) {
  const findings = reactive({}) as Record<F, PiiFinding[]>;
  const checking = reactive({}) as Record<F, boolean>;
  const timers = new Map<F, ReturnType<typeof setTimeout>>();
  const seq = new Map<F, number>();

  async function check(field: F, text: string) {
    const n = (seq.get(field) ?? 0) + 1;
    seq.set(field, n);
    if (!text.trim()) {
      findings[field] = [];
      checking[field] = false;
      return;
    }
    checking[field] = true;
    try {
      const res = await consultationsApi.piiCheck(text);
      if (seq.get(field) === n) findings[field] = res.findings;
    } catch {
      /* the server checks again on posting */
    } finally {
      if (seq.get(field) === n) checking[field] = false;
    }
  }

  for (const field of fields) {
    findings[field] = [];
    checking[field] = false;
    const src: WatchSource<string> = () => source(field);
    watch(
      src,
      (text) => {
        clearTimeout(timers.get(field));
        timers.set(
          field,
          setTimeout(() => void check(field, text), DELAY_MS),
        );
      },
      { immediate: true },
    );
  }
  onBeforeUnmount(() => timers.forEach((t) => clearTimeout(t)));

  /** Sets findings at once (e.g. from the server's 422 on posting). */
  function set(field: F, list: PiiFinding[]) {
    seq.set(field, (seq.get(field) ?? 0) + 1);
    findings[field] = list;
    checking[field] = false;
  }

  return { findings, checking, set };
}
