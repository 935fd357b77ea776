import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { hash } from '@node-rs/argon2';
import { Secret } from 'otpauth';
import { DEMO_PASSWORD, schema } from '@tsunagu/db';
import { hashToken } from '../src/lib/secret-token.ts';
import * as repo from '../src/features/auth/repository.ts';
import { bearer, setupApp, sql, totpCode, type TestApp } from './helper.ts';
import { io } from 'socket.io-client';
import { listen } from './support/sockets.ts';

// Single-use secrets and the lockout under concurrency (issue 8, item 2), and the Origin rule
// (item 7). Each race sends its requests at once, so they interleave on the real database.

let t: TestApp;
let own: string;
beforeAll(async () => {
  t = await setupApp();
  own = t.app.config.publicUrl;
});
afterAll(() => t.close());

const FOREIGN = 'https://evil.example';
let serial = 0;
async function makeUser(extra: Partial<typeof schema.users.$inferInsert> = {}) {
  const email = `race-${++serial}-${Date.now()}@example.jp`;
  const [user] = await t.database.db
    .insert(schema.users)
    .values({
      email,
      displayName: '架空 競合',
      role: 'coordinator',
      status: 'active',
      passwordHash: await hash(DEMO_PASSWORD),
      ...extra,
    })
    .returning();
  return user!;
}
const auditCount = async (userId: string, action: string) =>
  (
    await t.database.db
      .select()
      .from(schema.auditLog)
      .where(and(eq(schema.auditLog.actorId, userId), eq(schema.auditLog.action, action)))
  ).length;
const refreshWith = (cookie: string, origin: string | null = own) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/refresh',
    headers: { cookie: `tsunagu_refresh=${cookie}`, ...(origin ? { origin } : {}) },
  });
const cookieOf = (res: { cookies: { name: string; value: string }[] }) =>
  res.cookies.find((c) => c.name === 'tsunagu_refresh')?.value;
const statuses = (list: { statusCode: number }[]) => list.map((r) => r.statusCode).sort();

describe('sign-in failures are counted atomically', () => {
  it('10 concurrent wrong passwords lock the account; the right password is then refused', async () => {
    const user = await makeUser();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => t.login(user.email, 'not the password at all')),
    );
    expect(results.every((r) => r.status === 401 || r.status === 423)).toBe(true);
    expect(await auditCount(user.id, 'auth.login_failed')).toBe(
      results.filter((r) => r.status === 401).length,
    );
    expect(await auditCount(user.id, 'auth.locked')).toBeGreaterThanOrEqual(1);
    const [row] = await t.database.db.select().from(schema.users).where(eq(schema.users.id, user.id));
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    const right = await t.login(user.email);
    expect(right.status).toBe(423);
    expect(right.body.code).toBe('account_locked');
  });
});

describe('a sign-in that finishes after the lock', () => {
  // Its password was checked before concurrent failures locked the account: the success is
  // written only while the account is not locked (played step by step on the real database).
  it('does not clear a lock set meanwhile', async () => {
    const user = await makeUser();
    await repo.recordLoginFailure(t.database.db, user.id, 1, new Date(Date.now() + 60_000));
    expect(await repo.clearLoginFailures(t.database.db, user.id, new Date())).toBe(false);
    const [row] = await t.database.db.select().from(schema.users).where(eq(schema.users.id, user.id));
    expect(row!.lockedUntil!.getTime()).toBeGreaterThan(Date.now());
    expect(await repo.clearLoginFailures(t.database.db, user.id, new Date(Date.now() + 120_000))).toBe(true);
  });
});

describe('password-reset tokens are single-use', () => {
  async function resetLinks(email: string) {
    const mails = await t.database.db.select().from(schema.outbox).where(eq(schema.outbox.to, email));
    return mails.map((m) => m.body.match(/reset-password\/([\w-]+)/)![1]!);
  }
  const confirm = (token: string, password: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/password-reset/confirm', payload: { token, password } });
  const request = (email: string) =>
    t.app.inject({ method: 'POST', url: '/api/auth/password-reset/request', payload: { email } });

  it('5 concurrent confirmations of one token: exactly one succeeds', async () => {
    const user = await makeUser();
    await request(user.email);
    const [token] = await resetLinks(user.email);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => confirm(token!, `a brand new passphrase number ${i}`)),
    );
    expect(statuses(results)).toEqual([200, 400, 400, 400, 400]);
    for (const r of results.filter((x) => x.statusCode === 400)) expect(r.json().code).toBe('token_invalid');
    expect(await auditCount(user.id, 'auth.password_reset')).toBe(1);
    const winner = results.findIndex((r) => r.statusCode === 200);
    expect((await t.login(user.email, `a brand new passphrase number ${winner}`)).status).toBe(200);
  });

  it('a newer request invalidates the older link', async () => {
    const user = await makeUser();
    await request(user.email);
    await request(user.email);
    const [older, newer] = await resetLinks(user.email);
    const refused = await confirm(older!, 'an older link passphrase');
    expect(refused.statusCode).toBe(400);
    expect(refused.json().code).toBe('token_invalid');
    expect((await confirm(newer!, 'the newest link passphrase')).statusCode).toBe(200);
  });

  it('a completed reset invalidates every other unused link of the user', async () => {
    const user = await makeUser();
    // Two live links, as two requests racing each other could leave.
    const expiresAt = new Date(Date.now() + 60 * 60 * 1000);
    await t.database.db.insert(schema.passwordResets).values([
      { userId: user.id, tokenHash: hashToken(`first-${user.id}`), expiresAt },
      { userId: user.id, tokenHash: hashToken(`second-${user.id}`), expiresAt },
    ]);
    expect((await confirm(`first-${user.id}`, 'the first link passphrase')).statusCode).toBe(200);
    expect((await confirm(`second-${user.id}`, 'the second link passphrase')).json().code).toBe(
      'token_invalid',
    );
  });
});

describe('invitation links are single-use', () => {
  it('5 concurrent acceptances of one invitation: exactly one succeeds', async () => {
    const email = `race-invite-${Date.now()}@example.jp`;
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/admin/invitations',
      headers: { ...bearer(await t.token('center_staff')), origin: own },
      payload: { email, displayName: '架空 招待', role: 'coordinator' },
    });
    expect(invited.statusCode).toBe(201);
    const [mail] = await t.database.db.select().from(schema.outbox).where(eq(schema.outbox.to, email));
    const token = mail!.body.match(/\/invite\/([\w-]+)/)![1]!;
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        t.app.inject({
          method: 'POST',
          url: '/api/invitations/accept',
          payload: { token, password: `a long enough passphrase ${i}` },
        }),
      ),
    );
    expect(statuses(results)).toEqual([200, 400, 400, 400, 400]);
    const [invitee] = await t.database.db.select().from(schema.users).where(eq(schema.users.email, email));
    expect(await auditCount(invitee!.id, 'invitation.accepted')).toBe(1);
    const winner = results.findIndex((r) => r.statusCode === 200);
    expect((await t.login(email, `a long enough passphrase ${winner}`)).status).toBe(200);
  });
});

describe('an invitation link does not reactivate a disabled account', () => {
  it('an account disabled after its invitation stays disabled when the link is used', async () => {
    const email = `race-disabled-${Date.now()}@example.jp`;
    const staff = { ...bearer(await t.token('center_staff')), origin: own };
    const invited = await t.app.inject({
      method: 'POST',
      url: '/api/admin/invitations',
      headers: staff,
      payload: { email, displayName: '架空 停止', role: 'coordinator' },
    });
    expect(invited.statusCode).toBe(201);
    const [invitee] = await t.database.db.select().from(schema.users).where(eq(schema.users.email, email));
    const disabled = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${invitee!.id}`,
      headers: staff,
      payload: { status: 'disabled' },
    });
    expect(disabled.statusCode).toBe(200);
    const [mail] = await t.database.db.select().from(schema.outbox).where(eq(schema.outbox.to, email));
    const token = mail!.body.match(/\/invite\/([\w-]+)/)![1]!;
    const accepted = await t.app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token, password: 'a long enough passphrase x' },
    });
    expect(accepted.statusCode).toBeGreaterThanOrEqual(400);
    const [after] = await t.database.db.select().from(schema.users).where(eq(schema.users.id, invitee!.id));
    expect(after!.status).toBe('disabled');
    expect(await auditCount(invitee!.id, 'invitation.accepted')).toBe(0);
    expect((await t.login(email, 'a long enough passphrase x')).status).not.toBe(200);
  });
});

describe('TOTP codes are single-use', () => {
  it('one code sent twice at once signs in once', async () => {
    const secret = new Secret({ size: 20 }).base32;
    const user = await makeUser({ totpSecret: secret, totpEnabled: true });
    const code = totpCode(secret);
    const results = await Promise.all([
      t.login(user.email, DEMO_PASSWORD, code),
      t.login(user.email, DEMO_PASSWORD, code),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
    expect(results.find((r) => r.status === 401)!.body.code).toBe('totp_invalid');
  });
});

describe('enabling TOTP is single-use too', () => {
  // The window between reading the user and enabling is one round trip, too short to hit
  // reliably over HTTP; the interleaving is played step by step on the real database instead.
  it('of two confirmations that both read the user before either wrote, only one enables', async () => {
    const secret = new Secret({ size: 20 }).base32;
    const user = await makeUser({ totpSecret: secret });
    const step = Math.floor(Date.now() / 30_000);
    expect(await repo.enableTotp(t.database.db, user.id, secret, step)).toBe(true);
    expect(await repo.enableTotp(t.database.db, user.id, secret, step)).toBe(false);
  });

  it('a code checked against a secret that a newer setup replaced does not enable', async () => {
    const user = await makeUser({ totpSecret: new Secret({ size: 20 }).base32 });
    const stale = new Secret({ size: 20 }).base32;
    expect(await repo.enableTotp(t.database.db, user.id, stale, Math.floor(Date.now() / 30_000))).toBe(false);
    const [row] = await t.database.db.select().from(schema.users).where(eq(schema.users.id, user.id));
    expect(row!.totpEnabled).toBe(false);
  });
});

describe('refresh: two tabs at once, and reuse after the grace window', () => {
  it('two concurrent refreshes of one token both get the same working session', async () => {
    const user = await makeUser();
    const { cookie } = await t.login(user.email);
    const [a, b] = await Promise.all([refreshWith(cookie!), refreshWith(cookie!)]);
    expect([a!.statusCode, b!.statusCode]).toEqual([200, 200]);
    expect(cookieOf(a!)).toBeDefined();
    expect(cookieOf(a!)).toBe(cookieOf(b!));
    for (const r of [a!, b!])
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: '/api/auth/me',
            headers: bearer(r.json().accessToken as string),
          })
        ).statusCode,
      ).toBe(200);
    // The shared successor goes on working; the family was not revoked.
    expect((await refreshWith(cookieOf(a!)!)).statusCode).toBe(200);
    expect(await auditCount(user.id, 'auth.refresh_reuse')).toBe(0);
  });

  it('a replay after the grace window revokes the whole family', async () => {
    const user = await makeUser();
    const { cookie } = await t.login(user.email);
    const first = await refreshWith(cookie!);
    expect(first.statusCode).toBe(200);
    const successor = cookieOf(first)!;
    const graceSeconds = t.app.config.refreshGraceSeconds;
    expect(graceSeconds).toBeGreaterThan(0);
    await t.database.db.execute(
      sql`UPDATE refresh_tokens SET rotated_at = now() - make_interval(secs => ${graceSeconds + 1}) WHERE token_hash = ${hashToken(cookie!)}`,
    );
    const replay = await refreshWith(cookie!);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('session_expired');
    expect((await refreshWith(successor)).statusCode).toBe(401);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: bearer(first.json().accessToken as string),
        })
      ).statusCode,
    ).toBe(401);
    expect(await auditCount(user.id, 'auth.refresh_reuse')).toBe(1);
  });
});

describe('Origin', () => {
  it('refuses a refresh from a foreign origin (and without Origin or Referer) and leaves the token unused', async () => {
    const user = await makeUser();
    const { cookie } = await t.login(user.email);
    const foreign = await refreshWith(cookie!, FOREIGN);
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({
      code: 'origin_refused',
      message: expect.any(String),
      messageEn: expect.any(String),
    });
    expect((await refreshWith(cookie!, 'null')).json().code).toBe('origin_refused');
    expect((await refreshWith(cookie!, null)).json().code).toBe('origin_refused');
    const viaReferer = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { cookie: `tsunagu_refresh=${cookie!}`, referer: `${FOREIGN}/page` },
    });
    expect(viaReferer.statusCode).toBe(403);
    const [row] = await t.database.db
      .select()
      .from(schema.refreshTokens)
      .where(eq(schema.refreshTokens.tokenHash, hashToken(cookie!)));
    expect(row!.rotatedAt).toBeNull();
    expect((await refreshWith(cookie!, own)).statusCode).toBe(200);
  });

  it('accepts a refresh whose Referer is the app when Origin is absent', async () => {
    const user = await makeUser();
    const { cookie } = await t.login(user.email);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { cookie: `tsunagu_refresh=${cookie!}`, referer: `${own}/consultations` },
    });
    expect(res.statusCode).toBe(200);
  });

  it('refuses a normal POST and a logout from a foreign origin; accepts the own origin', async () => {
    const user = await makeUser();
    const login = (origin: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { origin },
        payload: { email: user.email, password: DEMO_PASSWORD },
      });
    const refused = await login(FOREIGN);
    expect(refused.statusCode).toBe(403);
    expect(refused.json().code).toBe('origin_refused');
    expect(await auditCount(user.id, 'auth.login')).toBe(0);
    const ok = await login(own);
    expect(ok.statusCode).toBe(200);
    const token = ok.json().accessToken as string;
    const outForeign = await t.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { ...bearer(token), origin: FOREIGN },
    });
    expect(outForeign.json().code).toBe('origin_refused');
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/auth/me',
          headers: { ...bearer(token), origin: FOREIGN },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: '/api/auth/logout',
          headers: { ...bearer(token), origin: own },
        })
      ).statusCode,
    ).toBe(200);
  });

  it('refuses a socket handshake from a foreign origin; accepts the own origin and non-browsers', async () => {
    const url = await listen(t.app);
    const token = await t.token('coordinator');
    const attempt = (origin?: string) => {
      const socket = io(url, {
        path: '/socket.io',
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        auth: { token },
        ...(origin ? { extraHeaders: { origin } } : {}),
      });
      return new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', () => resolve('refused'));
      }).finally(() => socket.close());
    };
    expect(await attempt(own)).toBe('connected');
    expect(await attempt()).toBe('connected');
    expect(await attempt(FOREIGN)).toBe('refused');
  });
});
