import { ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type {
  ConsultationDetail,
  ConsultationListResponse,
  ConsultationPatchBody,
  RedactBody,
  ReplyBody,
} from '@tsunagu/shared';
import type { ApiError } from '@/api/client.ts';
import { toApiError } from '@/composables/errors.ts';
import { consultationsApi, type PersonRef } from './api.ts';
import { apiQueryFromQueueFilters, emptyQueueFilters, type QueueFilters } from './query.ts';

/** The list (queue) and the consultation being read; components call these actions. */
export const useConsultationsStore = defineStore('consultations', () => {
  const filters = ref<QueueFilters>(emptyQueueFilters());
  const result = shallowRef<ConsultationListResponse | null>(null);
  const loading = ref(false);
  const error = shallowRef<ApiError | null>(null);
  const detail = shallowRef<ConsultationDetail | null>(null);
  const detailError = shallowRef<ApiError | null>(null);
  const assignees = shallowRef<PersonRef[]>([]);
  let inFlight: AbortController | null = null;

  async function search(next: QueueFilters) {
    filters.value = next;
    inFlight?.abort();
    const controller = new AbortController();
    inFlight = controller;
    loading.value = true;
    error.value = null;
    try {
      result.value = await consultationsApi.list(apiQueryFromQueueFilters(next), controller.signal);
    } catch (e) {
      if (controller.signal.aborted) return;
      error.value = toApiError(e);
    } finally {
      if (inFlight === controller) {
        loading.value = false;
        inFlight = null;
      }
    }
  }

  async function load(id: string) {
    if (detail.value?.id !== id) detail.value = null;
    detailError.value = null;
    try {
      detail.value = await consultationsApi.get(id);
    } catch (e) {
      detailError.value = toApiError(e);
    }
  }

  async function loadAssignees() {
    if (!assignees.value.length) assignees.value = (await consultationsApi.assignees()).items;
  }

  /** Each change answers the updated consultation, which replaces the one shown. */
  async function patch(body: ConsultationPatchBody) {
    if (detail.value) detail.value = await consultationsApi.patch(detail.value.id, body);
  }
  async function reply(body: ReplyBody) {
    if (detail.value) detail.value = await consultationsApi.reply(detail.value.id, body);
  }
  async function redact(body: RedactBody) {
    if (detail.value) detail.value = await consultationsApi.redact(detail.value.id, body);
  }

  return {
    filters,
    result,
    loading,
    error,
    detail,
    detailError,
    assignees,
    search,
    load,
    loadAssignees,
    patch,
    reply,
    redact,
  };
});
