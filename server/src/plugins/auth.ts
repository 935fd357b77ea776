import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import jwt from '@fastify/jwt';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors.ts';
import { JWT_AUDIENCE, JWT_ISSUER, ACCESS_TOKEN_TTL_SECONDS } from '../features/auth/policy.ts';
import { Revocations } from '../features/auth/revocations.ts';
import { resolveActor, type AccessClaims, type AuthContext } from '../features/auth/service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    authContext(): AuthContext;
  }
  interface FastifyInstance {
    /** Revoked users and sessions, announced after the commit (the realtime plugin ends their sockets). */
    revocations: Revocations;
  }
}

/**
 * Authentication and the route-level access rule. Every route declares `config.access`;
 * a route without it is refused at start-up (see app.ts), so none is open by accident.
 */
export default fp(
  async (app) => {
    await app.register(cookie);
    await app.register(jwt, {
      secret: app.config.jwtSecret,
      sign: {
        algorithm: 'HS256',
        expiresIn: `${ACCESS_TOKEN_TTL_SECONDS}s`,
        iss: JWT_ISSUER,
        aud: JWT_AUDIENCE,
      },
      verify: {
        algorithms: ['HS256'],
        allowedIss: JWT_ISSUER,
        allowedAud: JWT_AUDIENCE,
        maxAge: `${ACCESS_TOKEN_TTL_SECONDS}s`,
      },
    });

    app.decorate('revocations', new Revocations());
    app.decorate('resolveSession', (claims: AccessClaims) => resolveActor(app.database.db, claims));
    app.decorateRequest('actor', null);
    app.decorateRequest('authContext', function (this: FastifyRequest) {
      return {
        db: app.database.db,
        ip: this.ip ?? null,
        log: this.log,
        publicUrl: app.config.publicUrl,
        mail: app.mail,
        signAccessToken: (claims: AccessClaims) => app.jwt.sign(claims),
        revocations: app.revocations,
        tokenSecret: app.config.jwtSecret,
        refreshGraceMs: app.config.refreshGraceSeconds * 1000,
        events: app.events,
      };
    });

    app.addHook('onRequest', async (request) => {
      const config = request.routeOptions.config;
      const access = config.access;
      if (access === undefined || access === 'public') return;
      const header = request.headers.authorization;
      if (!header?.startsWith('Bearer ')) throw new AppError('unauthenticated');
      let claims: AccessClaims;
      try {
        claims = app.jwt.verify<AccessClaims>(header.slice(7));
      } catch {
        throw new AppError('session_expired');
      }
      if (typeof claims.sub !== 'string' || typeof claims.sid !== 'string' || typeof claims.tv !== 'number')
        throw new AppError('session_expired');
      const actor = await resolveActor(app.database.db, claims);
      request.actor = actor;
      if (actor.totpSetupRequired && !config.allowDuringTotpSetup) throw new AppError('totp_setup_required');
      if (access !== 'authenticated' && !access.includes(actor.role)) throw new AppError('forbidden');
    });
  },
  { name: 'auth', dependencies: ['errors'] },
);

/** The signed-in caller of a route whose access is not public. */
export function actorOf(request: FastifyRequest) {
  if (!request.actor) throw new AppError('unauthenticated');
  return request.actor;
}
