import { computed, ref, shallowRef, watch } from 'vue';
import { defineStore } from 'pinia';
import type { ConversationDetail, Message, PresenceStatus } from '@tsunagu/shared';
import { ConversationLog } from '@tsunagu/shared/messaging-log';
import type { ApiError } from '@/api/client.ts';
import { toApiError } from '@/composables/errors.ts';
import { notify, onRealtime, onRealtimeConnect, request } from '@/realtime/index.ts';
import { useAuthStore } from '@/features/auth/store.ts';
import { messagingApi } from './api.ts';
import { useConversationsStore } from './conversations-store.ts';
import { createOutbox } from './outbox.ts';
import { createTyping } from './typing.ts';

const PAGE = 30;

/** One conversation's messages as held here: the log, and how far back history is loaded. */
interface Held {
  log: ConversationLog;
  /** The oldest position of the timeline loaded (the timeline shows seq ≥ this). */
  oldest: number;
  hasMore: boolean;
  /**
   * The highest change number whose edits and deletions this copy reflects: raised only by
   * history pages and sync answers (a live update may overtake an earlier one still on its way).
   */
  changes: number;
}

const highestChange = (messages: Message[], from: number) =>
  messages.reduce((n, m) => Math.max(n, m.changeSeq), from);

/** The open conversation: messages (log + history + live), outbox, typing, presence, receipts. */
export const useMessagingStore = defineStore('messaging', () => {
  const held = shallowRef(new Map<string, Held>());
  /** Bumped on every change of a log (logs are plain objects, not reactive). */
  const version = ref(0);
  const detail = shallowRef<ConversationDetail | null>(null);
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
    held.value = new Map();
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

  /** Asks the server for what this client missed, from the last contiguous position held. */
  async function sync(ids = [...held.value.keys()]): Promise<void> {
    let positions = ids.flatMap((id) => {
      const h = held.value.get(id);
      return h ? [{ conversationId: id, after: h.log.contiguous, changesAfter: h.changes }] : [];
    });
    while (positions.length) {
      const ack = await request('sync', { positions: positions.slice(0, 200) });
      if (!ack.ok) return;
      for (const r of ack.results) {
        // Edits and deletions first (they concern held messages), then what is new.
        r.changed.forEach(apply);
        r.messages.forEach(apply);
        const h = held.value.get(r.conversationId);
        if (h) h.changes = highestChange([...r.changed, ...r.messages], h.changes);
      }
      positions = ack.results
        .filter((r) => r.hasMore)
        .flatMap((r) => {
          const h = held.value.get(r.conversationId);
          return h
            ? [{ conversationId: r.conversationId, after: h.log.contiguous, changesAfter: h.changes }]
            : [];
        });
    }
  }

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
          held.value.delete(e.conversationId);
          version.value++;
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
    conversations.focused = id;
    if (detail.value?.id !== id) detail.value = null;
    try {
      const [d, page] = await Promise.all([
        messagingApi.get(id),
        held.value.has(id) ? null : messagingApi.messages(id, { limit: PAGE }),
      ]);
      if (page) {
        const oldest = page.items.at(-1)?.seq ?? d.lastSeq + 1;
        held.value.set(id, {
          log: new ConversationLog(oldest - 1),
          oldest,
          hasMore: page.hasMore,
          changes: highestChange(page.items, 0),
        });
        page.items.forEach(apply);
        version.value++;
      } else void sync([id]);
      detail.value = d;
      presence.value = Object.fromEntries(d.members.map((m) => [m.userId, m.presence]));
      watchPresence(d);
      scheduleRead();
    } catch (e) {
      error.value = toApiError(e);
    }
  }

  function close() {
    conversations.focused = null;
    typing.clear();
  }

  async function loadOlder() {
    const h = current.value;
    if (!h || !h.hasMore || loadingOlder.value || !detail.value) return;
    loadingOlder.value = true;
    try {
      const page = await messagingApi.messages(detail.value.id, { before: h.oldest, limit: PAGE });
      page.items.forEach(apply);
      h.oldest = page.items.at(-1)?.seq ?? h.oldest;
      h.hasMore = page.hasMore;
      version.value++;
    } catch (e) {
      error.value = toApiError(e);
    } finally {
      loadingOlder.value = false;
    }
  }

  /** A thread: the root and its replies, loaded into the log (live replies arrive there too). */
  async function loadThread(rootId: string) {
    if (!detail.value) return;
    const page = await messagingApi.messages(detail.value.id, { threadRootId: rootId, limit: 100 });
    page.items.forEach(apply);
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

  return {
    detail,
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
