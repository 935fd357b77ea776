import { ref } from 'vue';
import type { Message, SocketError } from '@tsunagu/shared';
import { realtimeStatus, request } from '@/realtime/index.ts';

/** A message written here and not yet acknowledged by the server. */
export interface OutgoingMessage {
  /** Made before the first try; a resend carries the same id, the server stores it once. */
  clientId: string;
  conversationId: string;
  text: string;
  threadRootId?: string;
  state: 'queued' | 'sending' | 'failed';
  error?: SocketError;
}

/**
 * Messages wait here, in order, until the server acknowledges them: while the connection is
 * down they stay queued and `flush` sends them when it returns. `delivered` receives each
 * stored message (also for a resent id the server already had).
 */
export function createOutbox(delivered: (m: Message) => void) {
  const items = ref<OutgoingMessage[]>([]);
  let flushing = false;

  function enqueue(conversationId: string, text: string, threadRootId?: string) {
    items.value.push({
      clientId: crypto.randomUUID(),
      conversationId,
      text,
      state: 'queued',
      ...(threadRootId ? { threadRootId } : {}),
    });
    void flush();
  }

  function drop(clientId: string) {
    items.value = items.value.filter((i) => i.clientId !== clientId);
  }

  function retry(clientId: string) {
    const item = items.value.find((i) => i.clientId === clientId);
    if (item) item.state = 'queued';
    void flush();
  }

  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      for (;;) {
        const item = items.value.find((i) => i.state === 'queued');
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
          drop(clientId);
          delivered(ack.message);
        } else if (ack.error.code === ('network' as SocketError['code'])) {
          item.state = 'queued';
          return; // sent again when the connection returns
        } else if (ack.error.code === 'too_many_events') {
          item.state = 'queued';
          await new Promise((r) => setTimeout(r, 1000));
        } else {
          item.state = 'failed';
          item.error = ack.error;
        }
      }
    } finally {
      flushing = false;
    }
  }

  return { items, enqueue, retry, drop, flush };
}
