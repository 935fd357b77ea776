import type { AddressInfo } from 'node:net';
import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, Message, ServerToClientEvents, SocketError } from '@tsunagu/shared';
import type { App } from '../../src/types.ts';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Listens on a free loopback port (sockets need a real server) and answers its base URL. */
export async function listen(app: App): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** A connected client (websocket, no automatic reconnection: tests reconnect on purpose). */
export function connect(
  url: string,
  token: string | undefined,
  options: { transports?: string[] } = {},
): Promise<ClientSocket> {
  const socket: ClientSocket = io(url, {
    path: '/socket.io',
    transports: options.transports ?? ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(token !== undefined ? { auth: { token } } : {}),
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** The handshake's refusal: `connect_error` with the error code as message and the error as data. */
export async function refusedHandshake(
  url: string,
  token: string | undefined,
): Promise<{ message: string; data?: SocketError }> {
  try {
    const socket = await connect(url, token);
    socket.close();
  } catch (err) {
    return err as { message: string; data?: SocketError };
  }
  throw new Error('the handshake was accepted');
}

/** Every `message:new` a socket receives, in arrival order. */
export function received(socket: ClientSocket): Message[] {
  const list: Message[] = [];
  socket.on('message:new', (m) => list.push(m));
  return list;
}

export async function waitFor(check: () => boolean, timeoutMs = 5_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Closes sockets quietly. */
export function closeAll(sockets: (ClientSocket | undefined)[]) {
  for (const s of sockets) s?.close();
}
