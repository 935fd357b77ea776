import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { Organization, OrganizationRequest } from '@tsunagu/shared';
import { useSubmit } from '@/composables/errors.ts';
import { organizationRequestsApi as api } from './api.ts';

/** The signed-in user's own requests to change organisation (shown on the profile page). */
export const useMyOrganizationRequestStore = defineStore('my-organization-request', () => {
  const latest = shallowRef<OrganizationRequest | null>(null);
  const organizations = shallowRef<Organization[]>([]);
  const send = useSubmit();
  const pending = computed(() => latest.value?.state === 'pending');

  async function load() {
    const res = await api.mine().catch(() => null);
    latest.value = res?.items[0] ?? null;
  }
  async function ask(organizationId: string | null, note: string) {
    const created = await send.run(() =>
      api.create({ organizationId, ...(note.trim() ? { note: note.trim() } : {}) }),
    );
    if (created) latest.value = created;
    return !!created;
  }
  async function cancel() {
    if (!latest.value) return;
    const id = latest.value.id;
    const done = await send.run(() => api.cancel(id));
    if (done) latest.value = done;
  }
  async function searchOrganizations(q: string) {
    organizations.value = (await api.organizations(q).catch(() => null))?.items ?? [];
  }

  return {
    latest,
    pending,
    organizations,
    busy: send.busy,
    error: send.message,
    fieldErrors: send.fieldErrors,
    load,
    ask,
    cancel,
    searchOrganizations,
  };
});

/** The centre's queue of pending requests. */
export const useOrganizationRequestQueue = defineStore('organization-request-queue', () => {
  const items = shallowRef<OrganizationRequest[]>([]);
  const total = ref(0);
  const page = ref(1);
  const rows = ref(20);
  const load = useSubmit();
  const decide = useSubmit();

  async function fetch(p = page.value, r = rows.value) {
    const res = await load.run(() => api.pending(p, r));
    if (res) {
      items.value = res.items;
      total.value = res.total;
      page.value = p;
      rows.value = r;
    }
  }
  async function approve(id: string) {
    if (await decide.run(() => api.approve(id))) await fetch();
  }
  async function reject(id: string, reason: string) {
    const done = await decide.run(() => api.reject(id, reason));
    if (done) await fetch();
    return !!done;
  }

  return {
    items,
    total,
    page,
    rows,
    loading: load.busy,
    error: computed(() => load.message.value || decide.message.value),
    busy: decide.busy,
    fieldErrors: decide.fieldErrors,
    fetch,
    approve,
    reject,
  };
});
