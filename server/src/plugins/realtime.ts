import fp from 'fastify-plugin';
import { Server } from 'socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import {
  SOCKET_MAX_PAYLOAD_BYTES,
  socketPayloads,
  type ClientEventName,
  type PresenceStatus,
  type SocketError,
} from '@tsunagu/shared';
import { AppError } from '../lib/errors.ts';
import { isUnavailable } from '../lib/unavailable.ts';
import type { AccessClaims, App } from '../types.ts';
import { validationError } from './errors.ts';
import { compileExact } from './validation.ts';
import { forbiddenKey, refusal, socketError, TokenBuckets, toSocketError } from './realtime-guard.ts';
import type { AppServer, AppSocket, EventHandlers } from './realtime-types.ts';

export type * from './realtime-types.ts';
export { socketError, TokenBuckets } from './realtime-guard.ts';

/**
 * Real-time transport: a socket.io server on the app's HTTP server (path /socket.io). It knows
 * no feature: features add client events (`handle`), join sockets to their rooms at the
 * handshake (`onHandshake`) and emit to rooms from the domain events they subscribe to.
 *
 * - The handshake carries the API's access token (`auth: { token }`); without a valid one the
 *   connection is refused. When the token expires the socket gets `session:expired` and is
 *   disconnected: the client refreshes its token and connects again. There is no connection
 *   state recovery, so every reconnection is authenticated like a new one.
 * - Every event is validated (closed TypeBox schemas; `__proto__`/`constructor` keys refused),
 *   rate-limited per user (token bucket) and checked against the sender's membership at the
 *   time of the event. A refusal is answered to that client only (ack or `app:error`); it is
 *   not disconnected. Packets above SOCKET_MAX_PAYLOAD_BYTES are cut by the transport.
 * - Rooms: `user:<id>` (every socket of a user), `session:<id>` (the sockets of one session),
 *   `presence:<id>` (sockets watching a user's presence); features add theirs (`conv:<id>`).
 * - A revocation (logout, password change, disabled account, changed role, refresh-token reuse)
 *   is announced after its commit and disconnects the user's or the session's sockets at once,
 *   in every process (`disconnectSockets` goes through the adapter).
 * - With REDIS_URL, the Redis Streams adapter carries broadcasts, room changes and
 *   fetchSockets between processes; otherwise the in-memory adapter (one process).
 */

/** How often an open socket's session is checked again (logout, password change, disabling). */
const SESSION_RECHECK_MS = 60_000;

export default fp(
  async (app: App) => {
    const { config } = app;

    // ── adapter ──
    let redis: ReturnType<typeof createClient> | undefined;
    let adapter: ReturnType<typeof createAdapter> | undefined;
    if (config.redisUrl) {
      redis = createClient({ url: config.redisUrl });
      redis.on('error', (err: Error) =>
        app.log.warn({ err: err.message }, 'Redis (socket.io adapter) error; reconnecting'),
      );
      await redis.connect();
      adapter = createAdapter(redis, {
        streamName: 'tsunagu:socket.io',
        channelPrefix: 'tsunagu:socket.io',
        blockTimeInMs: 2_000,
      });
    }

    const io: AppServer = new Server(app.server, {
      path: '/socket.io',
      serveClient: false,
      maxHttpBufferSize: SOCKET_MAX_PAYLOAD_BYTES,
      allowRequest: (req, callback) => callback(null, app.handshakeOriginAllowed(req.headers)),
      ...(adapter ? { adapter } : {}),
    });

    async function presenceOf(userIds: string[]): Promise<Map<string, PresenceStatus>> {
      const result = new Map<string, PresenceStatus>();
      if (userIds.length === 0) return result;
      const sockets = await io.in(userIds.map((u) => `user:${u}`)).fetchSockets();
      for (const s of sockets) {
        const { userId, away } = s.data;
        if (!userId) continue;
        if (!away) result.set(userId, 'online');
        else if (!result.has(userId)) result.set(userId, 'away');
      }
      return result;
    }

    async function announcePresence(userId: string) {
      const status = (await presenceOf([userId])).get(userId) ?? 'offline';
      io.to(`presence:${userId}`).emit('presence', { userId, status });
    }

    const handlers: EventHandlers = {};
    const handshakeHooks: ((socket: AppSocket) => Promise<void>)[] = [];
    app.decorate('realtime', {
      io,
      presenceOf,
      announcePresence,
      handle: (more: EventHandlers) => Object.assign(handlers, more),
      onHandshake: (hook: (socket: AppSocket) => Promise<void>) => void handshakeHooks.push(hook),
    });

    // ── handshake: the API's access token ──
    io.use(async (socket, next) => {
      try {
        const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
        if (typeof token !== 'string' || token.length === 0 || token.length > 4096)
          return next(refusal('unauthenticated'));
        let claims: AccessClaims & { exp?: number };
        try {
          claims = app.jwt.verify<AccessClaims & { exp?: number }>(token);
        } catch {
          return next(refusal('session_expired'));
        }
        if (
          typeof claims.sub !== 'string' ||
          typeof claims.sid !== 'string' ||
          typeof claims.tv !== 'number' ||
          typeof claims.exp !== 'number'
        )
          return next(refusal('session_expired'));
        const actor = await app.resolveSession(claims);
        if (actor.totpSetupRequired) return next(refusal('totp_setup_required'));
        socket.data = {
          userId: actor.userId,
          role: actor.role,
          sessionId: actor.sessionId,
          displayName: '',
          away: false,
          expiresAt: claims.exp * 1000,
        };
        // Rooms before the connection is confirmed: once the client sees `connect`, every event
        // published from then on reaches it live (features' hooks join theirs: conversations).
        await socket.join([`user:${actor.userId}`, `session:${actor.sessionId}`]);
        for (const hook of handshakeHooks) await hook(socket);
        // Checked again once in the rooms: a revocation announced between the first check and the
        // join would not have reached this socket.
        await app.resolveSession(claims);
        next();
      } catch (error) {
        if (error instanceof AppError) return next(refusal(error.code));
        if (isUnavailable(error)) return next(refusal('unavailable'));
        app.log.error({ err: error }, 'socket handshake failed');
        next(refusal('internal'));
      }
    });

    const buckets = new TokenBuckets(config.socketEventsPerSecond, config.socketEventBurst);
    const validators = Object.fromEntries(
      Object.entries(socketPayloads).map(([name, schema]) => [name, compileExact(schema)]),
    ) as Record<ClientEventName, ReturnType<typeof compileExact>>;

    function expire(socket: AppSocket) {
      socket.emit('session:expired', socketError('session_expired'));
      socket.disconnect(true);
    }

    io.on('connection', (socket) => {
      const { userId } = socket.data;
      let checkedAt = Date.now();
      // Ends this socket when its token expires: the socket lives only in this process, so a queued
      // job could not reach it, and a restart ends it anyway.
      const expiry = setTimeout(() => expire(socket), Math.max(0, socket.data.expiresAt - Date.now()));
      expiry.unref();

      announcePresence(userId).catch((err: unknown) =>
        app.log.warn({ err }, 'presence could not be announced'),
      );

      /** The session is checked again now and then: a logout or a disabled account ends the socket. */
      async function sessionStillValid(): Promise<boolean> {
        if (Date.now() >= socket.data.expiresAt) return false;
        if (Date.now() - checkedAt < SESSION_RECHECK_MS) return true;
        const token = (socket.handshake.auth as { token: string }).token;
        try {
          await app.resolveSession(app.jwt.verify<AccessClaims>(token));
          checkedAt = Date.now();
          return true;
        } catch (error) {
          // A database outage is not a revocation: the event fails as unavailable, the socket stays.
          if (isUnavailable(error)) throw error;
          return false;
        }
      }

      const refuse = (event: string, ack: ((r: unknown) => void) | undefined, error: SocketError) => {
        if (ack) ack({ ok: false, error });
        else socket.emit('app:error', { event, error });
      };

      socket.onAny((event: string, ...args: unknown[]) => {
        if (Object.hasOwn(validators, event)) return;
        const ack = typeof args.at(-1) === 'function' ? (args.at(-1) as (r: unknown) => void) : undefined;
        if (!buckets.take(userId)) return refuse(event, ack, socketError('too_many_events'));
        refuse(
          String(event).slice(0, 50),
          ack,
          socketError('validation', {
            ja: `「${String(event).slice(0, 50)}」というイベントはありません。`,
            en: `There is no event "${String(event).slice(0, 50)}".`,
          }),
        );
      });

      for (const name of Object.keys(validators) as ClientEventName[]) {
        const handler = handlers[name];
        if (!handler) continue;
        socket.on(name, async (...args: unknown[]) => {
          const ack = typeof args.at(-1) === 'function' ? (args.pop() as (r: unknown) => void) : undefined;
          if (!buckets.take(userId)) return refuse(name, ack, socketError('too_many_events'));
          try {
            if (!(await sessionStillValid())) return expire(socket);
            if (args.length !== 1)
              throw new AppError('validation', [
                { message: 'one payload object is expected / 1つのオブジェクトを送ってください' },
              ]);
            const payload = args[0];
            const bad = forbiddenKey(payload);
            if (bad)
              throw new AppError('validation', [
                {
                  field: bad,
                  message: `「${bad}」という項目は受け付けられません / the key "${bad}" is not accepted`,
                },
              ]);
            const validate = validators[name];
            if (!validate(payload)) throw validationError(validate.errors ?? [], 'payload');
            const result = await handler(payload as never, socket);
            ack?.({ ok: true, ...result });
          } catch (error) {
            if (error instanceof AppError) return refuse(name, ack, toSocketError(error));
            // Transient (the database unreachable): nothing was stored, the client retries with the same id.
            if (isUnavailable(error)) {
              app.log.warn({ err: error, event: name }, 'database unavailable during a socket event');
              return refuse(name, ack, socketError('unavailable'));
            }
            app.log.error({ err: error, event: name }, 'socket event failed');
            refuse(name, ack, socketError('internal'));
          }
        });
      }

      socket.on('disconnect', () => {
        clearTimeout(expiry);
        void announcePresence(userId).catch(() => undefined);
      });
    });

    // ── revocations: the sockets of a revoked user or session end at once, in every process ──
    const endSockets = (room: string) => {
      io.to(room).emit('session:expired', socketError('session_expired'));
      io.in(room).disconnectSockets(true);
    };
    const onUserRevoked = (userId: string) => endSockets(`user:${userId}`);
    const onSessionRevoked = (sessionId: string) => endSockets(`session:${sessionId}`);
    app.revocations.on('user', onUserRevoked);
    app.revocations.on('session', onSessionRevoked);

    // Sockets end before Fastify closes the HTTP server (which waits for open connections).
    app.addHook('preClose', async () => {
      app.revocations.off('user', onUserRevoked);
      app.revocations.off('session', onSessionRevoked);
      await io.close();
    });
    app.addHook('onClose', async () => {
      if (redis?.isOpen) await redis.close().catch(() => redis?.destroy());
    });
  },
  { name: 'realtime', dependencies: ['auth', 'origin'] },
);
