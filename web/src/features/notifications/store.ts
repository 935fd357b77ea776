import { ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { Notification, NotificationListResponse } from '@tsunagu/shared';
import type { ApiError } from '@/api/client.ts';
import { toApiError } from '@/composables/errors.ts';
import { notificationsApi } from './api.ts';
import { onRealtime, onRealtimeConnect, realtimeStatus } from '@/realtime/index.ts';

const POLL_MS = 30_000;

/**
 * My notifications and the unread count. Updates arrive through `receive(n)` (one new
 * notification) and `setUnread(count)` — the polling below uses them today; real-time
 * delivery over socket.io will call the same methods later.
 */
export const useNotificationsStore = defineStore('notifications', () => {
  const unread = ref(0);
  const page = shallowRef<NotificationListResponse | null>(null);
  const error = shallowRef<ApiError | null>(null);
  const loading = ref(false);
  let timer: ReturnType<typeof setInterval> | null = null;
  /** Live delivery over the socket (while it is up; polling covers the time it is down). */
  let live: (() => void)[] = [];

  /** A new notification delivered to this user (poll, push or socket). */
  function receive(n: Notification) {
    const current = page.value;
    if (current && !current.items.some((x) => x.id === n.id)) {
      page.value = { ...current, items: [n, ...current.items], total: current.total + 1 };
    }
    if (!n.readAt) unread.value += 1;
  }

  function setUnread(count: number) {
    unread.value = Math.max(0, count);
  }

  async function refreshCount() {
    try {
      setUnread((await notificationsApi.unreadCount()).unread);
    } catch {
      /* keep the last count; the next poll tries again */
    }
  }

  async function load(query: { page?: number; unread?: boolean } = {}) {
    loading.value = true;
    error.value = null;
    try {
      page.value = await notificationsApi.list({
        page: query.page ?? 1,
        pageSize: 20,
        ...(query.unread ? { unread: true } : {}),
      });
      setUnread(page.value.unread);
    } catch (e) {
      error.value = toApiError(e);
    } finally {
      loading.value = false;
    }
  }

  function markLocal(ids: string[] | 'all') {
    const now = new Date().toISOString();
    if (page.value)
      page.value = {
        ...page.value,
        items: page.value.items.map((n) =>
          !n.readAt && (ids === 'all' || ids.includes(n.id))
            ? { ...n, readAt: now, can: { ...n.can, markRead: false } }
            : n,
        ),
      };
  }

  async function markRead(id: string) {
    const wasUnread = page.value?.items.some((n) => n.id === id && !n.readAt) ?? true;
    await notificationsApi.markRead(id);
    markLocal([id]);
    if (wasUnread) setUnread(unread.value - 1);
  }

  async function markAllRead() {
    await notificationsApi.markAllRead();
    markLocal('all');
    setUnread(0);
  }

  function startPolling() {
    if (timer) return;
    void refreshCount();
    timer = setInterval(() => {
      if (realtimeStatus.value !== 'online') void refreshCount();
    }, POLL_MS);
    live = [
      onRealtime('notification', (e) => {
        receive(e.notification);
        setUnread(e.unread);
      }),
      // Whatever arrived while the socket was down: the count again on every (re)connection.
      onRealtimeConnect(() => void refreshCount()),
    ];
  }

  function stopPolling() {
    if (timer) clearInterval(timer);
    timer = null;
    live.splice(0).forEach((dispose) => dispose());
    unread.value = 0;
    page.value = null;
  }

  return {
    unread,
    page,
    error,
    loading,
    receive,
    setUnread,
    refreshCount,
    load,
    markRead,
    markAllRead,
    startPolling,
    stopPolling,
  };
});
