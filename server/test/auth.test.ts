import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { hash } from '@node-rs/argon2';
import { DEMO_PASSWORD, DEMO_TOTP_SECRET, schema } from '@tsunagu/db';
import { hashToken } from '../src/lib/secret-token.ts';
import { bearer, setupApp, snapshot, totpCode, type TestApp } from './helper.ts';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

/** A fresh active account for tests that change it (so the demo accounts stay usable). */
let serial = 0;
async function makeUser(role = 'coordinator', extra: Partial<typeof schema.users.$inferInsert> = {}) {
  const email = `auth-test-${++serial}-${Date.now()}@example.jp`;
  const [user] = await t.database.db
    .insert(schema.users)
    .values({
      email,
      displayName: '架空 太郎',
      role,
      status: 'active',
      passwordHash: await hash(DEMO_PASSWORD),
      ...extra,
    })
    .returning();
  return user!;
}
// The refresh cookie is taken only from the app's own pages (plugins/origin.ts).
const cookieHeader = (value: string) => ({
  cookie: `tsunagu_refresh=${value}`,
  origin: t.app.config.publicUrl,
});
const auditActions = async (userId: string) =>
  (await t.database.db.select().from(schema.auditLog).where(eq(schema.auditLog.actorId, userId))).map(
    (a) => a.action,
  );

describe('POST /api/auth/login', () => {
  it('signs in a coordinator without a second factor and sets an httpOnly refresh cookie', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'coordinator@example.jp', password: DEMO_PASSWORD },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.accessToken.split('.')).toHaveLength(3);
    expect(body.expiresIn).toBeLessThanOrEqual(900);
    expect(body.user).toMatchObject({
      email: 'coordinator@example.jp',
      role: 'coordinator',
      totpSetupRequired: false,
    });
    const cookie = res.cookies.find((c) => c.name === 'tsunagu_refresh')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.path).toBe('/api/auth');
    expect(cookie.sameSite).toBe('Strict');
    const payload = JSON.parse(Buffer.from(body.accessToken.split('.')[1], 'base64url').toString());
    expect(payload).toMatchObject({ iss: 'tsunagu', aud: 'tsunagu-api' });
    expect(payload.exp - payload.iat).toBeLessThanOrEqual(900);
  });

  it('asks centre staff for the TOTP code, accepts it once, refuses it a second time', async () => {
    const first = await t.login('center@example.jp');
    expect(first.status).toBe(401);
    expect(first.body.code).toBe('totp_required');
    const code = totpCode(DEMO_TOTP_SECRET, -1);
    const ok = await t.login('center@example.jp', DEMO_PASSWORD, code);
    expect(ok.status).toBe(200);
    const again = await t.login('center@example.jp', DEMO_PASSWORD, code);
    expect(again.status).toBe(401);
    expect(again.body.code).toBe('totp_invalid');
  });

  it('refuses a wrong password with the same answer as an unknown address', async () => {
    const wrong = await t.login('coordinator2@example.jp', 'not-the-password-at-all');
    const unknown = await t.login('nobody@example.jp', 'not-the-password-at-all');
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
  });

  it('locks the account after a run of failures, and audits failures and the lockout', async () => {
    const user = await makeUser();
    for (let i = 0; i < 5; i++) expect((await t.login(user.email, 'wrong-password-123')).status).toBe(401);
    const locked = await t.login(user.email, DEMO_PASSWORD);
    expect(locked.status).toBe(423);
    expect(locked.body.code).toBe('account_locked');
    const actions = await auditActions(user.id);
    expect(actions.filter((a) => a === 'auth.login_failed')).toHaveLength(5);
    expect(actions).toContain('auth.locked');
  });

  it('refuses bad input with 400 and a message: missing field, unknown field, bad e-mail, long password', async () => {
    const before = await snapshot(t);
    for (const payload of [
      { email: 'coordinator@example.jp' },
      { email: 'coordinator@example.jp', password: 'x', role: 'admin' },
      { email: 'not-an-email', password: 'x' },
      { email: 'coordinator@example.jp', password: 'x', totp: '12ab56' },
      { email: 12, password: 'x' },
    ]) {
      const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().code).toBe('validation');
      expect(res.json().message).toMatch(/./);
    }
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: '{"email":',
    });
    expect(malformed.statusCode).toBe(400);
    expect(await snapshot(t)).toEqual(before);
  });
});

describe('sessions: refresh, reuse, logout, expiry', () => {
  it('answers a refresh without a cookie with 204 and no body: a signed-out visitor is not an error', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { origin: t.app.config.publicUrl },
    });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    expect(res.cookies).toEqual([]);
    // A cookie that is refused is still an error, and is cleared.
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: cookieHeader('x'.repeat(40)),
    });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe('session_expired');
  });

  it('rotates the refresh token; reusing a rotated one revokes the whole family', async () => {
    const user = await makeUser();
    const login = await t.login(user.email);
    const first = login.cookie!;
    const r1 = await t.app.inject({ method: 'POST', url: '/api/auth/refresh', headers: cookieHeader(first) });
    expect(r1.statusCode).toBe(200);
    const second = r1.cookies.find((c) => c.name === 'tsunagu_refresh')!.value;
    expect(second).not.toBe(first);
    // Past the grace window that serves two tabs refreshing at once (auth-races.test.ts).
    await t.database.pool.query(
      `UPDATE refresh_tokens SET rotated_at = now() - interval '1 minute' WHERE token_hash = $1`,
      [hashToken(first)],
    );
    const reuse = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: cookieHeader(first),
    });
    expect(reuse.statusCode).toBe(401);
    // The family is gone: the newest token and the access token issued with it are dead too.
    const afterReuse = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: cookieHeader(second),
    });
    expect(afterReuse.statusCode).toBe(401);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/auth/me',
      headers: bearer(r1.json().accessToken),
    });
    expect(me.statusCode).toBe(401);
    expect(await auditActions(user.id)).toContain('auth.refresh_reuse');
  });

  it('logout revokes every token of the user at once', async () => {
    const user = await makeUser();
    const a = await t.login(user.email);
    const b = await t.login(user.email);
    const tokenA = a.body.accessToken as string;
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(tokenA) })).statusCode,
    ).toBe(200);
    const out = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { ...bearer(tokenA), origin: t.app.config.publicUrl },
    });
    expect(out.statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(tokenA) })).statusCode,
    ).toBe(401);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: bearer(b.body.accessToken as string),
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/auth/refresh', headers: cookieHeader(b.cookie!) }))
        .statusCode,
    ).toBe(401);
  });

  it('ends a session idle for an hour and one older than 24 hours', async () => {
    const user = await makeUser();
    const idle = await t.login(user.email);
    await t.database.db
      .update(schema.sessions)
      .set({ lastSeenAt: new Date(Date.now() - 61 * 60 * 1000) })
      .where(eq(schema.sessions.userId, user.id));
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: bearer(idle.body.accessToken as string),
        })
      ).json().code,
    ).toBe('session_expired');
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/auth/refresh', headers: cookieHeader(idle.cookie!) }))
        .statusCode,
    ).toBe(401);
    const old = await t.login(user.email);
    await t.database.db
      .update(schema.sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(schema.sessions.userId, user.id));
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/auth/refresh', headers: cookieHeader(old.cookie!) }))
        .statusCode,
    ).toBe(401);
  });

  it('refuses tampered, wrong-audience and expired access tokens', async () => {
    const user = await makeUser();
    const { body } = await t.login(user.email);
    const token = body.accessToken as string;
    const [h, p, s] = token.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, tv: claims.tv + 1 })).toString('base64url')}.${s}`;
    const wrongAud = t.app.jwt.sign(
      { sub: claims.sub, sid: claims.sid, tv: claims.tv },
      { aud: 'someone-else' },
    );
    const expired = t.app.jwt.sign(
      { sub: claims.sub, sid: claims.sid, tv: claims.tv, iat: Math.floor(Date.now() / 1000) - 3600 },
      { expiresIn: 1000 },
    );
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    for (const bad of [forged, wrongAud, expired, none, 'garbage']) {
      const res = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(bad) });
      expect(res.statusCode).toBe(401);
    }
  });

  it('disabling a user revokes their tokens immediately', async () => {
    const user = await makeUser();
    const { body } = await t.login(user.email);
    const admin = await t.token('admin');
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${user.id}`,
      headers: bearer(admin),
      payload: { status: 'disabled' },
    });
    expect(res.statusCode).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: bearer(body.accessToken as string),
        })
      ).statusCode,
    ).toBe(401);
    expect((await t.login(user.email)).status).toBe(403);
  });
});

describe('second factor', () => {
  it('a centre staff account without TOTP can only enrol, then works', async () => {
    const user = await makeUser('center_staff');
    const { body } = await t.login(user.email);
    const token = body.accessToken as string;
    expect((body.user as { totpSetupRequired: boolean }).totpSetupRequired).toBe(true);
    const blocked = await t.app.inject({ method: 'GET', url: '/api/coordinators', headers: bearer(token) });
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().code).toBe('totp_setup_required');
    const setup = await t.app.inject({
      method: 'POST',
      url: '/api/auth/totp/setup',
      headers: bearer(token),
      payload: {},
    });
    expect(setup.statusCode).toBe(200);
    const { secret, otpauthUrl } = setup.json();
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/auth/totp/enable',
      headers: bearer(token),
      payload: { code: '000000' },
    });
    expect(wrong.statusCode).toBe(401);
    const enabled = await t.app.inject({
      method: 'POST',
      url: '/api/auth/totp/enable',
      headers: bearer(token),
      payload: { code: totpCode(secret) },
    });
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json()).toMatchObject({ totpEnabled: true, totpSetupRequired: false });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/coordinators', headers: bearer(token) })).statusCode,
    ).toBe(200);
    // The code used to enrol cannot sign in again; the next step's can.
    expect((await t.login(user.email, DEMO_PASSWORD, totpCode(secret))).status).toBe(401);
    expect((await t.login(user.email, DEMO_PASSWORD, totpCode(secret, 1))).status).toBe(200);
  });
});

describe('passwords', () => {
  it('change: needs the current one, refuses short and common ones, then ends every session', async () => {
    const user = await makeUser();
    const { body } = await t.login(user.email);
    const token = body.accessToken as string;
    const call = (payload: object) =>
      t.app.inject({ method: 'POST', url: '/api/auth/password', headers: bearer(token), payload });
    expect(
      (await call({ currentPassword: 'wrong-password-xx', newPassword: 'a-long-enough-passphrase' }))
        .statusCode,
    ).toBe(401);
    const short = await call({ currentPassword: DEMO_PASSWORD, newPassword: 'short-pass12' });
    expect(short.statusCode).toBe(400);
    expect(short.json().code).toBe('weak_password');
    expect(short.json().message).toContain('13');
    const common = await call({ currentPassword: DEMO_PASSWORD, newPassword: '1qaz2wsx3edc4rfv' });
    expect(common.json().code).toBe('weak_password');
    expect(
      (await call({ currentPassword: DEMO_PASSWORD, newPassword: 'みどりの窓口で会いましょう' })).statusCode,
    ).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) })).statusCode,
    ).toBe(401);
    expect((await t.login(user.email, 'みどりの窓口で会いましょう')).status).toBe(200);
  });

  it('reset by link from the outbox; the same answer for unknown addresses; a link works once', async () => {
    const user = await makeUser();
    const before = await t.count('outbox');
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/request',
      payload: { email: 'nobody-here@example.jp' },
    });
    const known = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/request',
      payload: { email: user.email },
    });
    expect(unknown.json()).toEqual(known.json());
    expect(await t.count('outbox')).toBe(before + 1);
    const [mail] = await t.database.db.select().from(schema.outbox).where(eq(schema.outbox.to, user.email));
    const token = mail!.body.match(/reset-password\/([\w-]+)/)![1]!;
    const weak = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, password: 'short' },
    });
    expect(weak.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, password: 'a brand new passphrase' },
    });
    expect(ok.statusCode).toBe(200);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/auth/password-reset/confirm',
      payload: { token, password: 'another new passphrase' },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().code).toBe('token_invalid');
    expect((await t.login(user.email, 'a brand new passphrase')).status).toBe(200);
  });
});

describe('the audit log', () => {
  it('records sign-ins and cannot be changed by the application', async () => {
    const user = await makeUser();
    await t.login(user.email);
    expect(await auditActions(user.id)).toContain('auth.login');
    await expect(t.database.pool.query('UPDATE audit_log SET action = $1', ['tampered'])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.database.pool.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });
});

describe('rate limiting', () => {
  it('limits sign-in attempts per client with a 429 and a readable message', async () => {
    const limited = await setupApp({ LOGIN_RATE_LIMIT: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++)
        statuses.push((await limited.login('nobody@example.jp', 'wrong-password-123')).status);
      expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
      expect(statuses.slice(3)).toEqual([429, 429]);
      const res = await limited.login('coordinator@example.jp');
      expect(res.status).toBe(429);
      expect(res.body.code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });
});
