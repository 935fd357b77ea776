import { ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { AuditLogEntry } from '@tsunagu/shared';
import { useSubmit } from '@/composables/errors.ts';
import { auditApi as api, type AuditFilter } from './api.ts';

/** The audit log page: filters, the current page, the actions recorded, and the CSV. */
export const useAuditLogStore = defineStore('audit-log', () => {
  const items = shallowRef<AuditLogEntry[]>([]);
  const total = ref(0);
  const page = ref(1);
  const rows = ref(50);
  const filter = ref<AuditFilter>({});
  /** The name of the actor filtered on (the filter holds the id). */
  const actorName = ref<string | null>(null);
  const actions = shallowRef<string[]>([]);
  const load = useSubmit();
  const download = useSubmit();

  async function fetch(p = page.value, r = rows.value) {
    const res = await load.run(() => api.list({ ...filter.value, page: p, pageSize: r }));
    if (res) {
      items.value = res.items;
      total.value = res.total;
      page.value = res.page;
      rows.value = res.pageSize;
    }
  }
  async function loadActions() {
    actions.value = (await api.actions().catch(() => null))?.items ?? [];
  }
  function apply(next: AuditFilter, name: string | null = actorName.value) {
    filter.value = Object.fromEntries(Object.entries(next).filter(([, v]) => v !== undefined && v !== ''));
    actorName.value = filter.value.actorId ? name : null;
    return fetch(1);
  }
  /** The filtered log as CSV text (the BOM is put back by the page when it saves the file). */
  const csv = () => download.run(() => api.csv(filter.value));

  return {
    items,
    total,
    page,
    rows,
    filter,
    actorName,
    actions,
    loading: load.busy,
    error: load.message,
    fieldErrors: load.fieldErrors,
    downloading: download.busy,
    downloadError: download.message,
    fetch,
    loadActions,
    apply,
    csv,
  };
});
