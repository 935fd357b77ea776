import { ref, shallowRef } from 'vue';
import type { Message } from '@tsunagu/shared';
import { ConversationLog } from '@tsunagu/shared/messaging-log';
import { request } from '@/realtime/index.ts';
import { messagingApi } from './api.ts';

export const PAGE = 30;

/** One conversation's messages as held here: the log, and how far back history is loaded. */
export interface Held {
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

/**
 * The message logs held in memory, one per conversation opened, and how they are filled: the
 * first page, older pages, threads, and sync after a gap or a reconnection. `apply` puts one
 * message in its log (the store decides what else follows: the live region, read receipts).
 */
export function createHeldLogs(apply: (m: Message) => void) {
  const held = shallowRef(new Map<string, Held>());
  /** Bumped on every change of a log (logs are plain objects, not reactive). */
  const version = ref(0);

  const position = (id: string) => {
    const h = held.value.get(id);
    return h ? [{ conversationId: id, after: h.log.contiguous, changesAfter: h.changes }] : [];
  };

  /** Asks the server for what this client missed, from the last contiguous position held. */
  async function sync(ids = [...held.value.keys()]): Promise<void> {
    let positions = ids.flatMap(position);
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
      positions = ack.results.filter((r) => r.hasMore).flatMap((r) => position(r.conversationId));
    }
  }

  /** The newest page of a conversation not held yet (a held one catches up by sync). */
  async function first(id: string, lastSeq: () => Promise<number>) {
    if (held.value.has(id)) return void sync([id]);
    const page = await messagingApi.messages(id, { limit: PAGE });
    const oldest = page.items.at(-1)?.seq ?? (await lastSeq()) + 1;
    held.value.set(id, {
      log: new ConversationLog(oldest - 1),
      oldest,
      hasMore: page.hasMore,
      changes: highestChange(page.items, 0),
    });
    page.items.forEach(apply);
    version.value++;
  }

  async function older(id: string) {
    const h = held.value.get(id);
    if (!h || !h.hasMore) return;
    const page = await messagingApi.messages(id, { before: h.oldest, limit: PAGE });
    page.items.forEach(apply);
    h.oldest = page.items.at(-1)?.seq ?? h.oldest;
    h.hasMore = page.hasMore;
    version.value++;
  }

  /** A thread: the root and its replies, loaded into the log (live replies arrive there too). */
  async function thread(id: string, rootId: string) {
    const page = await messagingApi.messages(id, { threadRootId: rootId, limit: 100 });
    page.items.forEach(apply);
  }

  function forget(id: string) {
    held.value.delete(id);
    version.value++;
  }

  function clear() {
    held.value = new Map();
  }

  return { held, version, sync, first, older, thread, forget, clear };
}
