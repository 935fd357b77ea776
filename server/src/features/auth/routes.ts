import { operations as op } from '@tsunagu/shared';
import type { FastifyReply } from 'fastify';
import { implement } from '../../lib/operation-routes.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import { REFRESH_COOKIE, SESSION_ABSOLUTE_MS } from './policy.ts';
import * as auth from './service.ts';

/** Signing in and out, the second factor, passwords, and the invitation link. */
export default async function authRoutes(app: App) {
  const setRefreshCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(REFRESH_COOKIE, token, {
      httpOnly: true,
      secure: app.config.env === 'production',
      sameSite: 'strict',
      path: '/api/auth',
      maxAge: SESSION_ABSOLUTE_MS / 1000,
    });
  const clearRefreshCookie = (reply: FastifyReply) =>
    reply.clearCookie(REFRESH_COOKIE, { path: '/api/auth' });
  // Guessing passwords, codes and tokens is slowed per address.
  const guarded = { rateLimit: { max: app.config.loginRateLimit, timeWindow: '1 minute' } };

  implement(
    app,
    op.login,
    async (request, reply) => {
      const { session, refreshToken } = await auth.login(request.authContext(), request.body);
      setRefreshCookie(reply, refreshToken);
      return session;
    },
    guarded,
  );

  implement(
    app,
    op.refreshSession,
    async (request, reply) => {
      const token = request.cookies[REFRESH_COOKIE];
      // No cookie, no session: a signed-out visitor is told so without an error. The answer says
      // only what the browser already knows (it sent no cookie).
      if (!token) return reply.code(204).send();
      try {
        const { session, refreshToken } = await auth.refresh(request.authContext(), token);
        setRefreshCookie(reply, refreshToken);
        return session;
      } catch (error) {
        clearRefreshCookie(reply);
        throw error;
      }
    },
    { rateLimit: { max: 60, timeWindow: '1 minute' } },
  );

  implement(app, op.logout, async (request, reply) => {
    await auth.logout(request.authContext(), actorOf(request).userId);
    clearRefreshCookie(reply);
    return { ok: true };
  });

  implement(app, op.getMe, (request) => auth.me(app.database.db, actorOf(request).userId));

  implement(app, op.startTotpSetup, (request) =>
    auth.startTotpSetup(request.authContext(), actorOf(request).userId),
  );

  implement(
    app,
    op.enableTotp,
    (request) => auth.enableTotp(request.authContext(), actorOf(request).userId, request.body.code),
    guarded,
  );

  implement(
    app,
    op.changePassword,
    async (request, reply) => {
      const { currentPassword, newPassword } = request.body;
      await auth.changePassword(request.authContext(), actorOf(request).userId, currentPassword, newPassword);
      clearRefreshCookie(reply);
      return { ok: true };
    },
    guarded,
  );

  implement(
    app,
    op.requestPasswordReset,
    async (request) => {
      await auth.requestPasswordReset(request.authContext(), request.body.email);
      return { ok: true };
    },
    guarded,
  );

  implement(
    app,
    op.confirmPasswordReset,
    async (request) => {
      await auth.confirmPasswordReset(request.authContext(), request.body.token, request.body.password);
      return { ok: true };
    },
    guarded,
  );

  implement(
    app,
    op.getInvitation,
    (request) => auth.previewInvitation(app.database.db, request.params.token),
    guarded,
  );

  implement(
    app,
    op.acceptInvitation,
    async (request) => {
      await auth.acceptInvitation(request.authContext(), request.body.token, request.body.password);
      return { ok: true };
    },
    guarded,
  );
}
