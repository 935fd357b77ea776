import type { FastifyReply } from 'fastify';
import {
  EmptyBody,
  EmptyQuery,
  InvitationPreview,
  InvitationTokenParams,
  LoginBody,
  Me,
  OkResponse,
  PasswordChangeBody,
  PasswordResetRequestBody,
  SessionResponse,
  TokenPasswordBody,
  TotpEnableBody,
  TotpSetupResponse,
} from '@tsunagu/shared';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import { REFRESH_COOKIE, SESSION_ABSOLUTE_MS } from './policy.ts';
import * as auth from './service.ts';

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
  const loginLimit = { max: app.config.loginRateLimit, timeWindow: '1 minute' };

  app.post('/api/auth/login', {
    config: { access: 'public', rateLimit: loginLimit },
    schema: {
      tags: ['auth'],
      summary: 'Sign in',
      body: LoginBody,
      querystring: EmptyQuery,
      response: { 200: SessionResponse },
    },
    handler: async (request, reply) => {
      const { session, refreshToken } = await auth.login(request.authContext(), request.body);
      setRefreshCookie(reply, refreshToken);
      return session;
    },
  });

  app.post('/api/auth/refresh', {
    config: { access: 'public', cookieAuth: true, rateLimit: { max: 60, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'],
      summary: 'Rotate the refresh cookie and get a new access token',
      querystring: EmptyQuery,
      response: { 200: SessionResponse },
    },
    handler: async (request, reply) => {
      try {
        const { session, refreshToken } = await auth.refresh(
          request.authContext(),
          request.cookies[REFRESH_COOKIE],
        );
        setRefreshCookie(reply, refreshToken);
        return session;
      } catch (error) {
        clearRefreshCookie(reply);
        throw error;
      }
    },
  });

  app.post('/api/auth/logout', {
    config: { access: 'authenticated', allowDuringTotpSetup: true, cookieAuth: true },
    schema: {
      tags: ['auth'],
      summary: 'Sign out everywhere (every token of the user is revoked)',
      querystring: EmptyQuery,
      response: { 200: OkResponse },
    },
    handler: async (request, reply) => {
      await auth.logout(request.authContext(), actorOf(request).userId);
      clearRefreshCookie(reply);
      return { ok: true };
    },
  });

  app.get('/api/auth/me', {
    config: { access: 'authenticated', allowDuringTotpSetup: true },
    schema: { tags: ['auth'], querystring: EmptyQuery, response: { 200: Me } },
    handler: async (request) => auth.me(app.database.db, actorOf(request).userId),
  });

  app.post('/api/auth/totp/setup', {
    config: { access: 'authenticated', allowDuringTotpSetup: true },
    schema: {
      tags: ['auth'],
      summary: 'Start enrolling an authenticator app',
      body: EmptyBody,
      querystring: EmptyQuery,
      response: { 200: TotpSetupResponse },
    },
    handler: async (request) => auth.startTotpSetup(request.authContext(), actorOf(request).userId),
  });

  app.post('/api/auth/totp/enable', {
    config: { access: 'authenticated', allowDuringTotpSetup: true, rateLimit: loginLimit },
    schema: {
      tags: ['auth'],
      summary: 'Confirm the authenticator app with a code',
      body: TotpEnableBody,
      querystring: EmptyQuery,
      response: { 200: Me },
    },
    handler: async (request) =>
      auth.enableTotp(request.authContext(), actorOf(request).userId, request.body.code),
  });

  app.post('/api/auth/password', {
    config: { access: 'authenticated', rateLimit: loginLimit },
    schema: {
      tags: ['auth'],
      summary: 'Change my password (ends every session)',
      body: PasswordChangeBody,
      querystring: EmptyQuery,
      response: { 200: OkResponse },
    },
    handler: async (request, reply) => {
      await auth.changePassword(
        request.authContext(),
        actorOf(request).userId,
        request.body.currentPassword,
        request.body.newPassword,
      );
      clearRefreshCookie(reply);
      return { ok: true };
    },
  });

  app.post('/api/auth/password-reset/request', {
    config: { access: 'public', rateLimit: loginLimit },
    schema: {
      tags: ['auth'],
      summary: 'Send a password reset link (answers the same for unknown addresses)',
      body: PasswordResetRequestBody,
      querystring: EmptyQuery,
      response: { 200: OkResponse },
    },
    handler: async (request) => {
      await auth.requestPasswordReset(request.authContext(), request.body.email);
      return { ok: true };
    },
  });

  app.post('/api/auth/password-reset/confirm', {
    config: { access: 'public', rateLimit: loginLimit },
    schema: {
      tags: ['auth'],
      body: TokenPasswordBody,
      querystring: EmptyQuery,
      response: { 200: OkResponse },
    },
    handler: async (request) => {
      await auth.confirmPasswordReset(request.authContext(), request.body.token, request.body.password);
      return { ok: true };
    },
  });

  app.get('/api/invitations/:token', {
    config: { access: 'public', rateLimit: loginLimit },
    schema: {
      tags: ['auth'],
      summary: 'What an invitation link is for',
      params: InvitationTokenParams,
      querystring: EmptyQuery,
      response: { 200: InvitationPreview },
    },
    handler: async (request) => auth.previewInvitation(app.database.db, request.params.token),
  });

  app.post('/api/invitations/accept', {
    config: { access: 'public', rateLimit: loginLimit },
    schema: {
      tags: ['auth'],
      summary: 'Set a password from an invitation link',
      body: TokenPasswordBody,
      querystring: EmptyQuery,
      response: { 200: OkResponse },
    },
    handler: async (request) => {
      await auth.acceptInvitation(request.authContext(), request.body.token, request.body.password);
      return { ok: true };
    },
  });
}
