import { shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { FamilyDetailsResponse, ReferralDetail, ReferralMessage } from '@tsunagu/shared';
import type { ApiError } from '@/api/client.ts';
import { toApiError } from '@/composables/errors.ts';
import { usePagedSearch } from '@/composables/paged-search.ts';
import { onRealtime, onRealtimeConnect } from '@/realtime/index.ts';
import { referralsApi, type Transition, type TransitionBodies } from './api.ts';
import { useRecipientSearch } from './recipients.ts';
import { referralBody, type Recipient, type ReferralForm } from './form.ts';
import { apiQueryFromFilters, filtersFromQuery, type ReferralFilters } from './query.ts';

/** My referrals, the one being read (its thread, and its family's details only when asked for). */
export const useReferralsStore = defineStore('referrals', () => {
  const { result, loading, error, search } = usePagedSearch(
    (f: ReferralFilters, signal) => referralsApi.list(apiQueryFromFilters(f), signal),
    filtersFromQuery({}),
  );
  const detail = shallowRef<ReferralDetail | null>(null);
  const detailError = shallowRef<ApiError | null>(null);
  const messages = shallowRef<ReferralMessage[]>([]);
  /** Held in memory only while shown; never cached across referrals. */
  const family = shallowRef<FamilyDetailsResponse | null>(null);

  async function load(id: string) {
    if (detail.value?.id !== id) {
      detail.value = null;
      messages.value = [];
    }
    family.value = null;
    detailError.value = null;
    try {
      detail.value = await referralsApi.get(id);
      if (detail.value.can.message) await loadMessages();
    } catch (e) {
      detailError.value = toApiError(e);
    }
  }

  /** While a page shows a referral, the other side's acts (accept, decline, a message …) reload it. Returns the disposer. */
  function followLive(): () => void {
    const reload = async () => {
      const id = detail.value?.id;
      if (!id) return;
      try {
        const fresh = await referralsApi.get(id);
        if (detail.value?.id !== id) return;
        detail.value = fresh;
        if (fresh.can.message) await loadMessages();
      } catch {
        /* the page keeps what it shows; the next change or a reload tries again */
      }
    };
    const offs = [
      onRealtime('referral:changed', ({ referralId }) => referralId === detail.value?.id && void reload()),
      onRealtimeConnect(() => void reload()),
    ];
    return () => offs.forEach((off) => off());
  }

  async function loadMessages() {
    if (detail.value) messages.value = (await referralsApi.messages(detail.value.id)).items;
  }

  /** Creates the draft, or updates it; answers the saved referral. */
  async function saveDraft(
    id: string | null,
    form: ReferralForm,
    to: Recipient | null,
  ): Promise<ReferralDetail> {
    const body = referralBody(form, to);
    detail.value = id ? await referralsApi.patch(id, body) : await referralsApi.create(body);
    return detail.value;
  }

  async function move<K extends Transition>(kind: K, body: TransitionBodies[K]) {
    if (!detail.value) return;
    const id = detail.value.id;
    detail.value = await referralsApi.transition(id, kind, body);
    family.value = null;
    if (detail.value.can.message) await loadMessages();
  }

  async function showFamily() {
    if (detail.value) family.value = await referralsApi.family(detail.value.id);
  }
  const hideFamily = () => (family.value = null);

  async function addMessage(body: string) {
    if (!detail.value) return;
    messages.value = (await referralsApi.addMessage(detail.value.id, body)).items;
  }

  /** Sets my private label on the referral shown (only I see it). */
  async function setLabel(privateLabel: string): Promise<ReferralDetail | null> {
    if (detail.value) detail.value = await referralsApi.label(detail.value.id, privateLabel);
    return detail.value;
  }

  /** The APPI provision record of my organisation for a period, as CSV text. */
  const provisionCsv = (from: string, to: string) => referralsApi.provisionCsv(from, to);

  return {
    result,
    loading,
    error,
    detail,
    detailError,
    messages,
    family,
    search,
    load,
    followLive,
    saveDraft,
    move,
    showFamily,
    hideFamily,
    addMessage,
    setLabel,
    ...useRecipientSearch(),
    provisionCsv,
  };
});
