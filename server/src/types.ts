import type { IncomingHttpHeaders } from 'node:http';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Database } from '@tsunagu/db';
import type { Role } from '@tsunagu/shared';
import type { Config } from './config.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** Who may call a route: anyone, any signed-in user, or the listed roles. */
export type Access = 'public' | 'authenticated' | readonly Role[];

export interface Actor {
  userId: string;
  role: Role;
  sessionId: string;
  organizationId: string | null;
  /** A centre staff or admin account that has not enrolled its second factor yet. */
  totpSetupRequired: boolean;
}

/** The claims of an access token (the API's bearer and the socket handshake). */
export interface AccessClaims {
  sub: string;
  sid: string;
  tv: number;
}

export interface RouteInfo {
  method: string;
  url: string;
  access: Access | undefined;
  schema: Record<string, unknown> | undefined;
  rawBody: boolean;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** Set by `implement` (lib/operation-routes.ts): the route comes from a contract in `shared`. */
    operationId?: string;
    /** Callable while the second factor is still to be enrolled (me, TOTP setup, logout). */
    allowDuringTotpSetup?: boolean;
    /** The body is raw bytes (CSV upload) rather than JSON with a schema. */
    rawBody?: boolean;
    /** Works from the refresh cookie: without Origin, the Referer must name the app (see plugins/origin.ts). */
    cookieAuth?: boolean;
  }
  interface FastifyInstance {
    /** The actor of a verified access token, refused if its session has ended (plugins/auth.ts). */
    resolveSession(claims: AccessClaims): Promise<Actor>;
    /** Whether a socket handshake comes from the app's own origin (plugins/origin.ts). */
    handshakeOriginAllowed(headers: IncomingHttpHeaders): boolean;
    config: Config;
    database: Database;
    routeCatalog: RouteInfo[];
  }
  interface FastifyRequest {
    actor: Actor | null;
  }
}
