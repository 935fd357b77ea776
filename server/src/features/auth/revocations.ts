import { EventEmitter } from 'node:events';

/**
 * Revocations announced after their commit: a logout, a password change or reset, a disabled
 * account or a changed role (every session of a user), or one session ended for refresh-token
 * reuse. The realtime plugin of the same app disconnects the matching sockets in every server
 * process (through the socket.io adapter), so no open socket outlives its session.
 */
export interface RevocationEventMap {
  user: [userId: string, reason: string];
  session: [sessionId: string, reason: string];
}

export class Revocations extends EventEmitter<RevocationEventMap> {
  /** Every session of the user has ended (call after the commit). */
  user(userId: string, reason: string) {
    this.emit('user', userId, reason);
  }

  /** One session has ended (call after the commit). */
  session(sessionId: string, reason: string) {
    this.emit('session', sessionId, reason);
  }
}
