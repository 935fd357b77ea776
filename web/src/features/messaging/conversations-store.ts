import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { ConversationCreateBody, ConversationSummary, Message } from '@tsunagu/shared';
import type { ApiError } from '@/api/client.ts';
import { toApiError } from '@/composables/errors.ts';
import { onRealtime, onRealtimeConnect } from '@/realtime/index.ts';
import { useAuthStore } from '@/features/auth/store.ts';
import { messagingApi } from './api.ts';

/**
 * My conversations (summaries: unread count, last message), kept current by socket events.
 * Light on purpose: the header's unread badge uses it, so it must not pull the message log in.
 */
export const useConversationsStore = defineStore('messaging-conversations', () => {
  const items = shallowRef<ConversationSummary[]>([]);
  const loaded = ref(false);
  const error = shallowRef<ApiError | null>(null);
  /** The conversation on screen: its new messages are read at once, not counted as unread. */
  const focused = ref<string | null>(null);
  let disposers: (() => void)[] = [];

  const totalUnread = computed(() => items.value.reduce((n, c) => n + c.unread, 0));

  function sort(list: ConversationSummary[]) {
    return [...list].sort((a, b) => (b.lastMessageAt ?? '').localeCompare(a.lastMessageAt ?? ''));
  }

  function upsert(c: ConversationSummary) {
    items.value = sort([c, ...items.value.filter((x) => x.id !== c.id)]);
  }

  function patch(id: string, fn: (c: ConversationSummary) => ConversationSummary) {
    const i = items.value.findIndex((c) => c.id === id);
    if (i < 0) return;
    const next = [...items.value];
    next[i] = fn(next[i]!);
    items.value = sort(next);
  }

  function remove(id: string) {
    items.value = items.value.filter((c) => c.id !== id);
  }

  async function load() {
    error.value = null;
    try {
      items.value = sort((await messagingApi.list()).items);
      loaded.value = true;
    } catch (e) {
      error.value = toApiError(e);
    }
  }

  function onMessage(m: Message) {
    const me = useAuthStore().user?.id;
    if (!items.value.some((c) => c.id === m.conversationId)) return void load();
    patch(m.conversationId, (c) => {
      if (m.seq <= c.lastSeq) return c;
      const mine = m.authorId === me || focused.value === m.conversationId;
      const top = m.threadRootId === null ? { lastMessage: m, lastMessageAt: m.createdAt } : {};
      return { ...c, ...top, lastSeq: m.seq, unread: mine ? c.unread : c.unread + 1 };
    });
  }

  /** Subscribes to the socket (once per sign-in); `stop` ends it. */
  function start() {
    if (disposers.length) return;
    void load();
    disposers = [
      onRealtimeConnect(() => void load()),
      onRealtime('message:new', onMessage),
      onRealtime('message:updated', (m) =>
        patch(m.conversationId, (c) => (c.lastMessage?.id === m.id ? { ...c, lastMessage: m } : c)),
      ),
      onRealtime('read', (e) => {
        if (e.userId === useAuthStore().user?.id && e.unread !== undefined)
          patch(e.conversationId, (c) => ({ ...c, unread: e.unread!, lastReadSeq: e.lastReadSeq }));
      }),
      onRealtime('conversation:added', upsert),
      onRealtime('conversation:removed', (e) => remove(e.conversationId)),
    ];
  }

  function stop() {
    disposers.forEach((d) => d());
    disposers = [];
    items.value = [];
    loaded.value = false;
  }

  // Calls that find, make, join or leave conversations; the caller updates the list from the answer.
  const channels = () => messagingApi.channels();
  const join = (id: string) => messagingApi.join(id);
  const leave = (id: string) => messagingApi.leave(id);
  const create = (body: ConversationCreateBody) => messagingApi.create(body);
  const people = (q: string) => messagingApi.people(q);
  const channel = (id: string) => messagingApi.channel(id);

  return {
    items,
    loaded,
    error,
    focused,
    totalUnread,
    load,
    upsert,
    patch,
    remove,
    start,
    stop,
    channels,
    channel,
    join,
    leave,
    create,
    people,
  };
});
