import { ref } from 'vue';
import type { ClientToServerEvents, ServerToClientEvents, SocketError } from '@tsunagu/shared';
import type { Connection } from './connection.ts';

/**
 * The app's one real-time connection (socket.io), created lazily after sign-in. This module is
 * small and holds no socket.io code: `connection.ts` (with socket.io-client) loads on `start()`.
 * Stores subscribe with `onRealtime` (and dispose the returned function on unmount); every
 * subscription survives reconnections.
 */
export type RealtimeStatus = 'off' | 'connecting' | 'online' | 'offline';
export const realtimeStatus = ref<RealtimeStatus>('off');

export type ServerEvent = keyof ServerToClientEvents;
export type ClientEvent = keyof ClientToServerEvents;
export type PayloadOf<E extends ClientEvent> = Parameters<ClientToServerEvents[E]>[0];
/** The acknowledgement of a client event: `{ ok: true, … }` or `{ ok: false, error }`. */
export type AckOf<E extends ClientEvent> = Parameters<NonNullable<Parameters<ClientToServerEvents[E]>[1]>>[0];

type Handler = (...args: unknown[]) => void;
const handlers = new Map<string, Set<Handler>>();
const connectHandlers = new Set<() => void>();

/** Subscribes to a server event; returns the function that ends the subscription. */
export function onRealtime<E extends ServerEvent>(event: E, handler: ServerToClientEvents[E]): () => void {
  let set = handlers.get(event);
  if (!set) handlers.set(event, (set = new Set()));
  set.add(handler as Handler);
  return () => set.delete(handler as Handler);
}

/** Called on every (re)connection, after the server joined this socket to its rooms. */
export function onRealtimeConnect(handler: () => void): () => void {
  connectHandlers.add(handler);
  return () => connectHandlers.delete(handler);
}

function dispatch(event: string, args: unknown[]) {
  for (const h of [...(handlers.get(event) ?? [])]) {
    try {
      h(...args);
    } catch (e) {
      console.error(`realtime handler for ${event} failed`, e);
    }
  }
}

function connected() {
  for (const h of [...connectHandlers]) h();
}

let connection: Promise<Connection> | null = null;

/** Opens the connection (once); `getToken` reads the in-memory access token. */
export function startRealtime(getToken: () => string | null, refresh: () => Promise<boolean>): void {
  if (connection) return;
  realtimeStatus.value = 'connecting';
  connection = import('./connection.ts').then(({ createConnection }) =>
    createConnection({
      getToken,
      refresh,
      dispatch,
      connected,
      status: (s) => (realtimeStatus.value = s),
    }),
  );
}

export function stopRealtime(): void {
  const c = connection;
  connection = null;
  realtimeStatus.value = 'off';
  if (c) void c.then((x) => x.close());
}

const offline = (): SocketError => ({
  code: 'network' as SocketError['code'],
  message: 'サーバーに接続できません。接続が戻ると送信します。',
  messageEn: 'Not connected to the server. It will be sent when the connection returns.',
});

/**
 * Sends an event and waits for its acknowledgement (`timeoutMs`); while disconnected, or
 * without an answer in time, it resolves `{ ok: false, error: { code: 'network' } }`.
 */
export async function request<E extends ClientEvent>(
  event: E,
  payload: PayloadOf<E>,
  timeoutMs = 10_000,
): Promise<AckOf<E>> {
  if (!connection || realtimeStatus.value !== 'online') return { ok: false, error: offline() } as AckOf<E>;
  const c = await connection;
  try {
    return (await c.request(event, payload, timeoutMs)) as AckOf<E>;
  } catch {
    return { ok: false, error: offline() } as AckOf<E>;
  }
}

/** Sends an event without waiting (typing, read, presence): dropped while disconnected. */
export function notify<E extends ClientEvent>(event: E, payload: PayloadOf<E>): void {
  if (!connection || realtimeStatus.value !== 'online') return;
  void connection.then((c) => c.notify(event, payload));
}
