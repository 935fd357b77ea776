import fp from 'fastify-plugin';
import { AppError } from '../lib/errors.ts';
import { handshakeOriginAllowed, originAllowed } from '../features/auth/origin.ts';

/**
 * Refuses state-changing requests sent from another site (403 origin_refused). SameSite=Strict
 * on the refresh cookie is one layer; this is the second, and covers every route.
 * Registered after auth, so a request without credentials still answers 401 first.
 */
export default fp(
  async (app) => {
    const publicOrigin = new URL(app.config.publicUrl).origin;
    app.decorate('handshakeOriginAllowed', (headers: Parameters<typeof handshakeOriginAllowed>[0]) =>
      handshakeOriginAllowed(headers, publicOrigin),
    );
    app.addHook('onRequest', async (request) => {
      const strict = request.routeOptions.config.cookieAuth === true;
      if (!originAllowed(request.method, request.headers, publicOrigin, strict))
        throw new AppError('origin_refused');
    });
  },
  { name: 'origin', dependencies: ['errors', 'auth'] },
);
