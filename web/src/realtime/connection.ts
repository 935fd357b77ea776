import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@tsunagu/shared';
import type { RealtimeStatus } from './index.ts';

type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface ConnectionDeps {
  getToken(): string | null;
  /** Refreshes the access token through the API client; false when the session is gone. */
  refresh(): Promise<boolean>;
  dispatch(event: string, args: unknown[]): void;
  connected(): void;
  status(s: RealtimeStatus): void;
}

/** Handshake refusals that a fresh access token cures. */
const RENEWABLE = new Set(['session_expired', 'unauthenticated']);

/** The socket.io connection (loaded lazily: socket.io-client stays out of the start-up bundle). */
export function createConnection(deps: ConnectionDeps) {
  const socket: AppSocket = io({
    path: '/socket.io',
    // A function: every (re)connection sends the access token as it is now.
    auth: (cb) => cb({ token: deps.getToken() ?? '' }),
    // WebSocket first; long-polling only where a proxy refuses WebSockets.
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    autoConnect: false,
    reconnectionDelayMax: 10_000,
  });
  let closed = false;
  let renewing = false;
  let renewals = 0;

  /** The server refused or ended the session: refresh the token, then connect again. */
  async function renew() {
    if (renewing || closed) return;
    renewing = true;
    deps.status('connecting');
    try {
      // Two renewals in a row without a successful connection: back off before the next try.
      if (renewals++ > 1) await new Promise((r) => setTimeout(r, Math.min(30_000, 1000 * 2 ** renewals)));
      if (closed) return;
      if (await deps.refresh()) socket.connect();
      else deps.status('offline');
    } finally {
      renewing = false;
    }
  }

  socket.on('connect', () => {
    renewals = 0;
    deps.status('online');
    deps.connected();
  });
  socket.on('connect_error', (err) => {
    if (closed) return;
    deps.status('offline');
    // A refusal by the server's middleware does not retry by itself; a transport error does.
    if (!socket.active) {
      if (RENEWABLE.has(err.message)) void renew();
    }
  });
  socket.on('disconnect', (reason) => {
    if (closed) return;
    deps.status('offline');
    // The server ended it (expired token, logout elsewhere): refresh, then reconnect.
    if (reason === 'io server disconnect') void renew();
  });
  socket.onAny((event: string, ...args: unknown[]) => deps.dispatch(event, args));

  const onVisibility = () => {
    if (socket.connected) socket.emit('presence:set', { status: document.hidden ? 'away' : 'online' });
  };
  document.addEventListener('visibilitychange', onVisibility);

  socket.connect();

  return {
    request(event: keyof ClientToServerEvents, payload: unknown, timeoutMs: number): Promise<unknown> {
      // The event maps are checked at the call site (index.ts `request`).
      const timed = socket.timeout(timeoutMs) as unknown as {
        emitWithAck(e: string, p: unknown): Promise<unknown>;
      };
      return timed.emitWithAck(event, payload);
    },
    notify(event: keyof ClientToServerEvents, payload: unknown): void {
      (socket.emit as (e: string, p: unknown) => void)(event, payload);
    },
    close() {
      closed = true;
      document.removeEventListener('visibilitychange', onVisibility);
      socket.disconnect();
    },
  };
}

export type Connection = ReturnType<typeof createConnection>;
