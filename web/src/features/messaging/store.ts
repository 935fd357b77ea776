import { computed, ref, shallowRef, watch } from 'vue';
import { defineStore } from 'pinia';
import type { ChannelSummary, ConversationDetail, Message, PresenceStatus } from '@tsunagu/shared';
import type { ApiError } from '@/api/client.ts';
import { toApiError } from '@/composables/errors.ts';
import { notify, onRealtime, onRealtimeConnect, request } from '@/realtime/index.ts';
import { useAuthStore } from '@/features/auth/store.ts';
import { messagingApi } from './api.ts';
import { useConversationsStore } from './conversations-store.ts';
import { createOutbox } from './outbox.ts';
import { createTyping } from './typing.ts';
import { createHeldLogs } from './held-logs.ts';

/** The open conversation: messages (log + history + live), outbox, typing, presence, receipts. */
export const useMessagingStore = defineStore('messaging', () => {
  const logs = createHeldLogs(apply);
  const { held, version, sync } = logs;
  const detail = shallowRef<ConversationDetail | null>(null);
  /** A channel opened by someone who has not joined it: what it is, and whether they may join. */
  const preview = shallowRef<ChannelSummary | null>(null);
  const error = shallowRef<ApiError | null>(null);
  const loadingOlder = ref(false);
  const presence = ref<Record<string, PresenceStatus>>({});
  /** The last new message from someone else in the open conversation, for the live region. */
  const announcement = ref('');
  const conversations = useConversationsStore();
  const outbox = createOutbox(apply);
  const typing = createTyping();
  let users = 0;
  let disposers: (() => void)[] = [];
  let readTimer: ReturnType<typeof setTimeout> | null = null;
  const readSent = new Map<string, number>();

  const me = () => useAuthStore().user?.id ?? null;

  // Another user (or nobody) signed in: nothing of the previous one's stays in memory; the
  // outbox switches to the signed-in user's own queue (kept in IndexedDB across reloads).
  watch(me, () => {
    logs.clear();
    detail.value = null;
    readSent.clear();
    typing.clear();
    void outbox.load(me());
  });
  void outbox.load(me());
  // Messages written offline go out when the connection returns, whatever page is shown.
  onRealtimeConnect(() => void outbox.flush());

  function apply(m: Message): void {
    const h = held.value.get(m.conversationId);
    if (!h) return;
    const what = h.log.apply(m);
    if (what === 'duplicate') return;
    version.value++;
    if (what === 'added' && detail.value?.id === m.conversationId) {
      if (m.authorId !== me())
        announcement.value = `${m.authorName}: ${m.deleted ? '' : m.text.slice(0, 140)}`;
      scheduleRead();
    }
    if (h.log.hasGap) void sync([m.conversationId]);
  }

  const current = computed(() => (detail.value ? held.value.get(detail.value.id) : undefined));
  /** The main timeline (thread replies live in their thread), oldest first. */
  const timeline = computed(() => {
    void version.value;
    const h = current.value;
    return h ? h.log.messages().filter((m) => m.seq >= h.oldest && m.threadRootId === null) : [];
  });
  const hasMore = computed(() => {
    void version.value;
    return current.value?.hasMore ?? false;
  });
  const pending = computed(() => outbox.items.value.filter((i) => i.conversationId === detail.value?.id));

  function scheduleRead() {
    if (readTimer) return;
    readTimer = setTimeout(() => {
      readTimer = null;
      const id = detail.value?.id;
      const h = id ? held.value.get(id) : undefined;
      if (!id || !h || document.hidden) return;
      const seq = h.log.contiguous;
      if (seq > (readSent.get(id) ?? 0)) {
        readSent.set(id, seq);
        notify('read', { conversationId: id, seq });
      }
    }, 300);
  }

  function setMembers(
    fn: (m: ConversationDetail['members'][number]) => ConversationDetail['members'][number],
  ) {
    if (detail.value) detail.value = { ...detail.value, members: detail.value.members.map(fn) };
  }

  /** Subscribes to the socket while a messaging page is shown (pages call it and dispose). */
  function use(): () => void {
    if (users++ === 0) {
      disposers = [
        onRealtime('message:new', apply),
        onRealtime('message:updated', apply),
        onRealtime('read', (e) => {
          if (e.conversationId === detail.value?.id)
            setMembers((m) =>
              m.userId === e.userId ? { ...m, lastReadSeq: Math.max(m.lastReadSeq, e.lastReadSeq) } : m,
            );
        }),
        onRealtime('typing', (e) => {
          if (e.userId !== me()) typing.receive(e);
        }),
        onRealtime('presence', (e) => (presence.value = { ...presence.value, [e.userId]: e.status })),
        onRealtime('conversation:removed', (e) => {
          logs.forget(e.conversationId);
          if (detail.value?.id === e.conversationId) detail.value = null;
        }),
        onRealtimeConnect(() => {
          void sync().then(() => outbox.flush());
          if (detail.value) watchPresence(detail.value);
        }),
      ];
      void sync().then(() => outbox.flush());
    }
    return () => {
      if (--users === 0) disposers.splice(0).forEach((d) => d());
    };
  }

  function watchPresence(d: ConversationDetail) {
    const ids = d.members
      .map((m) => m.userId)
      .filter((id) => id !== me())
      .slice(0, 500);
    void request('presence:watch', { userIds: ids }).then((ack) => {
      if (ack.ok) presence.value = Object.fromEntries(ack.presence.map((p) => [p.userId, p.status]));
    });
  }

  async function open(id: string) {
    error.value = null;
    preview.value = null;
    conversations.focused = id;
    if (detail.value?.id !== id) detail.value = null;
    try {
      // The detail first: a channel one has not joined answers not_member (then its preview is shown).
      const d = await messagingApi.get(id);
      await logs.first(id, async () => d.lastSeq);
      detail.value = d;
      presence.value = Object.fromEntries(d.members.map((m) => [m.userId, m.presence]));
      watchPresence(d);
      scheduleRead();
    } catch (e) {
      const failed = toApiError(e);
      // Not a member of an open channel: show the channel and its 参加する instead of an error.
      if (failed.code === 'not_member') {
        const channel = await messagingApi.channel(id).catch(() => null);
        if (channel) return void (preview.value = channel);
      }
      error.value = failed;
    }
  }

  function close() {
    conversations.focused = null;
    typing.clear();
  }

  async function loadOlder() {
    if (!current.value?.hasMore || loadingOlder.value || !detail.value) return;
    loadingOlder.value = true;
    try {
      await logs.older(detail.value.id);
    } catch (e) {
      error.value = toApiError(e);
    } finally {
      loadingOlder.value = false;
    }
  }

  async function loadThread(rootId: string) {
    if (detail.value) await logs.thread(detail.value.id, rootId);
  }
  function thread(rootId: string): Message[] {
    void version.value;
    return current.value?.log.messages().filter((m) => m.id === rootId || m.threadRootId === rootId) ?? [];
  }

  function send(text: string, threadRootId?: string) {
    if (!detail.value || !text.trim()) return;
    typing.stop();
    outbox.enqueue(detail.value.id, text, threadRootId);
  }

  async function edit(messageId: string, text: string) {
    const ack = await request('message:edit', { messageId, text });
    if (ack.ok) apply(ack.message);
    return ack;
  }

  async function remove(messageId: string) {
    const ack = await request('message:delete', { messageId });
    if (ack.ok) apply(ack.message);
    return ack;
  }

  /** Replies in a thread: the server's count, or more when newer replies arrived live. */
  const repliesHeld = computed(() => {
    void version.value;
    const counts = new Map<string, number>();
    for (const m of current.value?.log.messages() ?? [])
      if (m.threadRootId) counts.set(m.threadRootId, (counts.get(m.threadRootId) ?? 0) + 1);
    return counts;
  });
  function replyCount(root: Message): number {
    return Math.max(root.replyCount, repliesHeld.value.get(root.id) ?? 0);
  }

  /** "既読 N": the other members who have read up to this message. */
  function readBy(m: Message): number {
    return detail.value?.members.filter((x) => x.userId !== me() && x.lastReadSeq >= m.seq).length ?? 0;
  }

  /** Japanese search over the messages of my conversations. */
  const search = (q: string) => messagingApi.search(q);

  /** Joins the channel previewed, then opens it. */
  async function join(id: string) {
    conversations.upsert(await messagingApi.join(id));
    await open(id);
  }

  async function addMembers(id: string, userIds: string[]) {
    const d = await messagingApi.addMembers(id, userIds);
    if (detail.value?.id === id) detail.value = d;
    return d;
  }

  async function removeMember(id: string, userId: string) {
    await messagingApi.removeMember(id, userId);
    if (detail.value?.id === id) detail.value = await messagingApi.get(id);
  }

  /** Leaves the open conversation (when its `can.leave` says so). */
  async function leave(id: string) {
    await messagingApi.leave(id);
    conversations.remove(id);
    detail.value = null;
  }

  return {
    detail,
    preview,
    join,
    leave,
    addMembers,
    removeMember,
    error,
    loadingOlder,
    presence,
    announcement,
    timeline,
    hasMore,
    pending,
    current,
    typing,
    outbox,
    use,
    open,
    close,
    loadOlder,
    loadThread,
    thread,
    send,
    edit,
    remove,
    readBy,
    replyCount,
    sync,
    search,
  };
});
