import type { Server, Socket } from 'socket.io';
import type {
  ClientEventName,
  ClientToServerEvents,
  PresenceStatus,
  Role,
  ServerToClientEvents,
} from '@tsunagu/shared';

/** The types of the real-time transport (plugins/realtime.ts), for the features that use it. */

export interface SocketData {
  userId: string;
  role: Role;
  sessionId: string;
  displayName: string;
  away: boolean;
  /** Access-token expiry (ms since epoch). */
  expiresAt: number;
}
export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** A handler of one client event: the validated payload in, the acknowledgement's fields out. */
export type EventHandler = (payload: never, socket: AppSocket) => Promise<object>;
export type EventHandlers = Partial<Record<ClientEventName, EventHandler>>;

export interface Realtime {
  io: AppServer;
  /** Presence of these users across every process: online (a socket not away), away, offline. */
  presenceOf(userIds: string[]): Promise<Map<string, PresenceStatus>>;
  /** Tells the sockets watching this user their presence now. */
  announcePresence(userId: string): Promise<void>;
  /** Client events of a feature; the payload is validated, rate-limited and the session checked first. */
  handle(handlers: EventHandlers): void;
  /** Runs at each handshake, after the user's rooms are joined and before `connect` reaches the client. */
  onHandshake(hook: (socket: AppSocket) => Promise<void>): void;
}

declare module 'fastify' {
  interface FastifyInstance {
    realtime: Realtime;
  }
}
