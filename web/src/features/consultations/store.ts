import { computed, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type {
  ConsultationCreateBody,
  ConsultationDetail,
  ConsultationPatchBody,
  RedactBody,
  ReplyBody,
} from '@tsunagu/shared';
import type { ApiError } from '@/api/client.ts';
import { toApiError } from '@/composables/errors.ts';
import { usePagedSearch } from '@/composables/paged-search.ts';
import { onRealtime, onRealtimeConnect } from '@/realtime/index.ts';
import { roleMayCall } from '@/api/operations.ts';
import { useAuthStore } from '@/features/auth/store.ts';
import { consultationsApi, type PersonRef } from './api.ts';
import { apiQueryFromQueueFilters, emptyQueueFilters, type QueueFilters } from './query.ts';

/** The list (queue) and the consultation being read; components call these actions. */
export const useConsultationsStore = defineStore('consultations', () => {
  const { filters, result, loading, error, search } = usePagedSearch(
    (f: QueueFilters, signal) => consultationsApi.list(apiQueryFromQueueFilters(f), signal),
    emptyQueueFilters(),
  );
  const auth = useAuthStore();
  /** The list is the centre's queue (filters, assignees) for whoever may assign (from the contracts' access). */
  const isQueue = computed(() => roleMayCall('listAssignees', auth.user?.role));
  const detail = shallowRef<ConsultationDetail | null>(null);
  const detailError = shallowRef<ApiError | null>(null);
  const assignees = shallowRef<PersonRef[]>([]);

  async function load(id: string) {
    if (detail.value?.id !== id) detail.value = null;
    detailError.value = null;
    try {
      detail.value = await consultationsApi.get(id);
    } catch (e) {
      detailError.value = toApiError(e);
    }
  }

  /**
   * While a page shows a consultation, what the other side does (a reply, a triage, a status)
   * reloads it; so does a reconnection, which may have missed some. Returns the disposer.
   */
  function followLive(): () => void {
    const reload = () => {
      const id = detail.value?.id;
      if (id)
        void consultationsApi.get(id).then(
          (fresh) => detail.value?.id === id && (detail.value = fresh),
          () => undefined,
        );
    };
    const offs = [
      onRealtime(
        'consultation:changed',
        ({ consultationId }) => consultationId === detail.value?.id && reload(),
      ),
      onRealtimeConnect(reload),
    ];
    return () => offs.forEach((off) => off());
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

  // Calls whose answer the caller keeps (a form, a panel), not the consultation shown.
  const get = (id: string) => consultationsApi.get(id);
  const create = (body: ConsultationCreateBody) => consultationsApi.create(body);
  const updateDraft = (id: string, body: ConsultationCreateBody) => consultationsApi.updateDraft(id, body);
  const suggestedExperts = (id: string) => consultationsApi.suggestedExperts(id);
  const piiCheck = (text: string) => consultationsApi.piiCheck(text);

  return {
    isQueue,
    filters,
    result,
    loading,
    error,
    detail,
    detailError,
    assignees,
    search,
    load,
    followLive,
    loadAssignees,
    patch,
    reply,
    redact,
    get,
    create,
    updateDraft,
    suggestedExperts,
    piiCheck,
  };
});
