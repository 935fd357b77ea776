import { ref } from 'vue';
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { Message, SocketError } from '@tsunagu/shared';
import { realtimeStatus, request } from '@/realtime/index.ts';

/** A message written here and not yet acknowledged by the server. */
export interface OutgoingMessage {
  /** Made before the first try; a resend carries the same id, the server stores it once. */
  clientId: string;
  conversationId: string;
  text: string;
  threadRootId?: string;
  /** queued: waits for the connection; retrying: a transient failure, tried again after a delay. */
  state: 'queued' | 'sending' | 'retrying' | 'failed';
  error?: SocketError;
}

/** Not a refusal: the same message is sent again (same id) until it is stored. */
const TRANSIENT = new Set<string>(['network', 'unavailable', 'internal', 'too_many_events']);
const BACKOFF_FIRST_MS = 500;
const BACKOFF_MAX_MS = 30_000;

let idb: UseStore | undefined;
const storage = () => (idb ??= createStore('tsunagu-outbox', 'messages'));
const keyOf = (userId: string) => `outbox:${userId}`;

/**
 * Messages wait here, in order, until the server acknowledges them. The queue is kept in
 * IndexedDB (per user), so a reload or a reopened tab sends what was typed offline — once:
 * each item keeps its client id, and the server stores an id once. A transient failure
 * (offline, timeout, database unavailable) is retried with exponential backoff; only a
 * refusal (validation, permission) marks an item failed. `delivered` receives each stored
 * message (also for a resent id the server already had).
 */
export function createOutbox(delivered: (m: Message) => void) {
  const items = ref<OutgoingMessage[]>([]);
  let userId: string | null = null;
  let flushing = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writes = Promise.resolve();

  /** Writes the queue (in call order), without the transient state. */
  function persist() {
    const owner = userId;
    if (!owner) return;
    const saved = items.value.map((i) => ({
      ...i,
      state: i.state === 'failed' ? 'failed' : 'queued',
      error: i.error && { ...i.error },
    }));
    writes = writes
      .then(() => (saved.length ? set(keyOf(owner), saved, storage()) : del(keyOf(owner), storage())))
      .catch((e: unknown) => console.warn('the outbox could not be saved', e));
  }

  /** Switches to this user's queue (or none): loads what an earlier page of theirs left unsent. */
  async function load(owner: string | null) {
    userId = owner;
    items.value = [];
    attempt = 0;
    if (!owner) return;
    try {
      const saved = (await get<OutgoingMessage[]>(keyOf(owner), storage())) ?? [];
      if (userId !== owner) return;
      const known = new Set(items.value.map((i) => i.clientId));
      items.value = [...saved.filter((i) => !known.has(i.clientId)), ...items.value];
    } catch (e) {
      console.warn('the outbox could not be read', e);
    }
    void flush();
  }

  function enqueue(conversationId: string, text: string, threadRootId?: string) {
    items.value.push({
      clientId: crypto.randomUUID(),
      conversationId,
      text,
      state: 'queued',
      ...(threadRootId ? { threadRootId } : {}),
    });
    persist();
    void flush();
  }

  function drop(clientId: string) {
    items.value = items.value.filter((i) => i.clientId !== clientId);
    persist();
  }

  function retry(clientId: string) {
    const item = items.value.find((i) => i.clientId === clientId);
    if (item) item.state = 'queued';
    persist();
    void flush();
  }

  function later() {
    clearTimeout(timer);
    const delay = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** attempt++) * (0.75 + Math.random() / 2);
    timer = setTimeout(() => void flush(), delay);
  }

  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    clearTimeout(timer);
    try {
      for (;;) {
        const item = items.value.find((i) => i.state === 'queued' || i.state === 'retrying');
        if (!item || realtimeStatus.value !== 'online') return;
        item.state = 'sending';
        const { clientId, conversationId, text, threadRootId } = item;
        const ack = await request('message:send', {
          clientId,
          conversationId,
          text,
          ...(threadRootId ? { threadRootId } : {}),
        });
        if (ack.ok) {
          attempt = 0;
          drop(clientId);
          delivered(ack.message);
        } else if (TRANSIENT.has(ack.error.code)) {
          // Kept in order: later messages wait for this one. Offline, it goes when the connection returns.
          item.state = realtimeStatus.value === 'online' ? 'retrying' : 'queued';
          item.error = ack.error;
          if (item.state === 'retrying') later();
          return;
        } else {
          item.state = 'failed';
          item.error = ack.error;
          persist();
        }
      }
    } finally {
      flushing = false;
    }
  }

  return { items, load, enqueue, retry, drop, flush };
}
