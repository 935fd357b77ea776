import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '@tsunagu/db';
import type { SocketError } from '@tsunagu/shared';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { App } from '../src/types.ts';
import { hashToken } from '../src/lib/secret-token.ts';
import { bearer, setupApp, sql, type TestApp } from './helper.ts';
import { startRedisServer, type RedisServer } from './support/redis-server.ts';
import { closeAll, connect, listen, refusedHandshake, sleep, type ClientSocket } from './support/sockets.ts';

// A revoked session keeps no socket (issue 8, item 3): two server processes (two apps, one
// database) joined by a real Redis; the revocation goes through process A, the user's socket
// is on process B and must be disconnected within a second.

let redis: RedisServer;
let t: TestApp;
let second: App;
let urlB: string;
const open: ClientSocket[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  t = await setupApp({ REDIS_URL: redis.url });
  second = await buildApp({
    config: loadConfig({
      NODE_ENV: 'test',
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'tsunagu-test-')),
      LOG_LEVEL: 'silent',
      WEB_DIST: '/nonexistent',
      REDIS_URL: redis.url,
    }),
    database: t.database,
  });
  await listen(t.app);
  urlB = await listen(second);
});
afterAll(async () => {
  closeAll(open);
  await second?.close();
  await t?.close();
  await redis?.stop();
});

async function signIn(email: string) {
  const res = await t.login(email);
  expect(res.status).toBe(200);
  return { id: (res.body.user as { id: string }).id, token: res.body.accessToken as string };
}

/** A socket on process B, with what it is told and when it is disconnected. */
async function socketOnB(token: string) {
  const socket = await connect(urlB, token);
  open.push(socket);
  const expired = new Promise<SocketError>((resolve) => socket.once('session:expired', resolve));
  const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
  return { socket, expired, disconnected };
}

/** Resolves with the value, or rejects when it takes longer than `ms`. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return Promise.race([
    promise,
    sleep(ms).then(() => Promise.reject(new Error(`${what} took longer than ${ms} ms`))),
  ]);
}

/** Revokes through process A and checks that the socket on B ends within a second, and a bystander's does not. */
async function expectEndedOnB(
  token: string,
  revoke: () => Promise<{ statusCode: number }>,
  { status = 200, bystanderToken }: { status?: number; bystanderToken?: string } = {},
) {
  const target = await socketOnB(token);
  const bystander = await socketOnB(bystanderToken ?? (await signIn('coordinator5@example.jp')).token);
  const res = await revoke();
  expect(res.statusCode).toBe(status);
  expect(await within(target.disconnected, 1_000, 'the disconnection')).toBe('io server disconnect');
  expect((await target.expired).code).toBe('session_expired');
  // The token is refused from now on, on either process; another user's socket stays.
  expect((await refusedHandshake(urlB, token)).message).toBe('session_expired');
  await sleep(100);
  expect(bystander.socket.connected).toBe(true);
  bystander.socket.close();
}

describe('a revoked session ends its sockets in every process', () => {
  it('when an admin disables the user (through the other process)', async () => {
    const user = await signIn('coordinator4@example.jp');
    const admin = await t.token('admin');
    await expectEndedOnB(user.token, () =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/admin/users/${user.id}`,
        headers: bearer(admin),
        payload: { status: 'disabled' },
      }),
    );
  });

  it('when an admin changes the user’s role', async () => {
    const user = await signIn('coordinator3@example.jp');
    const admin = await t.token('admin');
    await expectEndedOnB(user.token, () =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/admin/users/${user.id}`,
        headers: bearer(admin),
        payload: { role: 'supporter' },
      }),
    );
  });

  it('when the user logs out (every tab, every process)', async () => {
    const user = await signIn('coordinator@example.jp');
    const otherTab = await signIn('coordinator@example.jp');
    await expectEndedOnB(otherTab.token, () =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { ...bearer(user.token), origin: t.app.config.publicUrl },
      }),
    );
  });

  it('when the user changes their password', async () => {
    const user = await signIn('coordinator2@example.jp');
    await expectEndedOnB(user.token, () =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/password',
        headers: bearer(user.token),
        payload: { currentPassword: DEMO_PASSWORD, newPassword: 'a-new-long-enough-passphrase' },
      }),
    );
  });

  it('when a rotated refresh token is replayed after the grace window (the same user’s other session keeps its socket)', async () => {
    const login = await t.login('supporter@example.jp');
    expect(login.status).toBe(200);
    const otherSession = await signIn('supporter@example.jp');
    const refresh = (cookie: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/refresh',
        headers: { cookie: `tsunagu_refresh=${cookie}`, origin: t.app.config.publicUrl },
      });
    const rotated = await refresh(login.cookie!);
    expect(rotated.statusCode).toBe(200);
    // The first token was rotated longer ago than the grace window: using it again is a replay.
    await t.database.db.execute(
      sql`UPDATE refresh_tokens SET rotated_at = now() - make_interval(secs => ${t.app.config.refreshGraceSeconds + 1}) WHERE token_hash = ${hashToken(login.cookie!)}`,
    );
    await expectEndedOnB(rotated.json().accessToken as string, () => refresh(login.cookie!), {
      status: 401,
      bystanderToken: otherSession.token,
    });
  });
});
