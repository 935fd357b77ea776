import { ref } from 'vue';
import type { TypingEvent } from '@tsunagu/shared';
import { notify } from '@/realtime/index.ts';

/** A typing indicator ends by itself this long after the last "typing" event. */
const EXPIRES_MS = 6_000;
/** While typing, "typing: true" is sent at most this often; "false" after this long idle. */
const RESEND_MS = 3_000;

/** Who is typing (received) and my own typing (sent, throttled). */
export function createTyping() {
  /** conversationId → userId → name. */
  const typists = ref<Record<string, Record<string, string>>>({});
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let sentAt = 0;
  let sentFor: string | null = null;
  let idle: ReturnType<typeof setTimeout> | null = null;

  function set(conversationId: string, userId: string, name: string | null) {
    const next = { ...(typists.value[conversationId] ?? {}) };
    if (name) next[userId] = name;
    else delete next[userId];
    typists.value = { ...typists.value, [conversationId]: next };
  }

  function receive(e: TypingEvent) {
    const key = `${e.conversationId}|${e.userId}`;
    clearTimeout(timers.get(key));
    timers.delete(key);
    set(e.conversationId, e.userId, e.typing ? e.displayName : null);
    if (e.typing)
      timers.set(
        key,
        setTimeout(() => set(e.conversationId, e.userId, null), EXPIRES_MS),
      );
  }

  const names = (conversationId: string): string[] => Object.values(typists.value[conversationId] ?? {});

  /** Call on every keystroke in the composer. */
  function input(conversationId: string) {
    const now = Date.now();
    if (sentFor !== conversationId || now - sentAt > RESEND_MS) {
      notify('typing', { conversationId, typing: true });
      sentAt = now;
      sentFor = conversationId;
    }
    if (idle) clearTimeout(idle);
    idle = setTimeout(stop, RESEND_MS + 1000);
  }

  function stop() {
    if (idle) clearTimeout(idle);
    idle = null;
    if (sentFor) notify('typing', { conversationId: sentFor, typing: false });
    sentFor = null;
    sentAt = 0;
  }

  function clear() {
    stop();
    timers.forEach((t) => clearTimeout(t));
    timers.clear();
    typists.value = {};
  }

  return { typists, receive, names, input, stop, clear };
}
