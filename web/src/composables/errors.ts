import { computed, shallowRef, type Ref } from 'vue';
import type { ErrorResponse } from '@tsunagu/shared';
import { ApiError } from '@/api/client.ts';
import { i18n } from '@/i18n/index.ts';

/** Any thrown value as an ApiError (unexpected ones become `bad_response`). */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return ApiError.client('bad_response');
}

/** The error's message in the current language (re-rendered when the language changes). */
export function errorText(e: ApiError | null | undefined): string {
  return e ? e.text(i18n.global.locale.value) : '';
}

/** An error answer's message (e.g. a socket acknowledgement's) in the current language. */
export function responseText(body: ErrorResponse | undefined): string {
  return body ? errorText(new ApiError(0, body)) : '';
}

/** Form state for one submit: busy flag, the error, field errors, and a runner. */
export function useSubmit() {
  const busy = shallowRef(false);
  const error: Ref<ApiError | null> = shallowRef(null);
  const fieldErrors = computed(() => error.value?.fieldErrors() ?? {});
  const message = computed(() => errorText(error.value));

  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    error.value = null;
    try {
      return await fn();
    } catch (e) {
      error.value = toApiError(e);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, fieldErrors, message, run };
}
