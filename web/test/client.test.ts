import { describe, expect, it, vi } from 'vitest';
import type { Me, SessionResponse } from '@tsunagu/shared';
import { ApiError, buildQuery, createApiClient } from '../src/api/client.ts';

const me: Me = {
  id: '00000000-0000-4000-8000-000000000001',
  email: 'a@example.jp',
  displayName: '山田 花子',
  displayKana: 'やまだ はなこ',
  role: 'coordinator',
  status: 'active',
  totpEnabled: false,
  totpSetupRequired: false,
  organizationId: null,
};
const session = (token: string): SessionResponse => ({ accessToken: token, expiresIn: 900, user: me });
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const expired = () => json(401, { code: 'session_expired', message: '期限切れ', messageEn: 'Expired' });

/** A client over a scripted fetch; records every call. */
function setup(
  handler: (url: string, init: RequestInit, auth: string | undefined) => Response | Promise<Response>,
) {
  const calls: {
    url: string;
    method: string;
    auth: string | undefined;
    credentials: RequestCredentials | undefined;
  }[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const auth = (init.headers as Record<string, string> | undefined)?.Authorization;
    calls.push({ url: String(input), method: init.method ?? 'GET', auth, credentials: init.credentials });
    return handler(String(input), init, auth);
  }) as unknown as typeof globalThis.fetch;
  let token: string | null = 'old';
  const lost = vi.fn(() => {
    token = null;
  });
  const client = createApiClient({ fetch });
  client.configure({
    getAccessToken: () => token,
    onSession: (s) => {
      token = s.accessToken;
    },
    onSessionLost: lost,
  });
  return { client, calls, lost, token: () => token };
}

describe('api client', () => {
  it('takes a refresh answered 204 (no cookie, no session) as signed out, without an error', async () => {
    const { client, lost } = setup(() => new Response(null, { status: 204 }));
    await expect(client.refresh()).resolves.toBeNull();
    expect(lost).toHaveBeenCalledOnce();
  });

  it('sends the bearer token and cookies, and parses JSON', async () => {
    const { client, calls } = setup(() => json(200, { ok: true }));
    await expect(client.get('/api/auth/me')).resolves.toEqual({ ok: true });
    expect(calls[0]).toMatchObject({
      url: '/api/auth/me',
      method: 'GET',
      auth: 'Bearer old',
      credentials: 'include',
    });
  });

  it('on 401 refreshes once and retries with the new token', async () => {
    const { client, calls, token } = setup((url, _init, auth) => {
      if (url === '/api/auth/refresh') return json(200, session('new'));
      return auth === 'Bearer new' ? json(200, { id: 1 }) : expired();
    });
    await expect(client.get('/api/coordinators')).resolves.toEqual({ id: 1 });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'GET /api/coordinators',
      'POST /api/auth/refresh',
      'GET /api/coordinators',
    ]);
    expect(token()).toBe('new');
  });

  it('signs out locally and throws the original error when the refresh is refused', async () => {
    const { client, calls, lost } = setup(() => expired());
    const error = await client.get('/api/me/profile').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).code).toBe('session_expired');
    expect(lost).toHaveBeenCalledOnce();
    expect(calls).toHaveLength(2);
  });

  it('does not refresh after a failed sign-in', async () => {
    const { client, calls } = setup(() =>
      json(401, { code: 'totp_required', message: 'コードを入力', messageEn: 'Enter the code' }),
    );
    const error = (await client
      .post('/api/auth/login', { email: 'a', password: 'b' })
      .catch((e: unknown) => e)) as ApiError;
    expect(error.code).toBe('totp_required');
    expect(calls).toHaveLength(1);
  });

  it('shares one refresh between concurrent requests', async () => {
    const { client, calls } = setup((url, _init, auth) => {
      if (url === '/api/auth/refresh') return json(200, session('new'));
      return auth === 'Bearer new' ? json(200, {}) : expired();
    });
    await Promise.all([client.get('/api/a'), client.get('/api/b'), client.get('/api/c')]);
    expect(calls.filter((c) => c.url === '/api/auth/refresh')).toHaveLength(1);
  });

  it('turns error bodies into ApiError in both languages, with field errors', async () => {
    const { client } = setup(() =>
      json(400, {
        code: 'validation',
        message: '入力内容に誤りがあります。',
        messageEn: 'Some input is not valid.',
        details: [{ field: '/displayKana', message: 'ひらがなかカタカナで入力してください' }],
      }),
    );
    const error = (await client.patch('/api/me/profile', {}).catch((e: unknown) => e)) as ApiError;
    expect(error.status).toBe(400);
    expect(error.text('ja')).toBe('入力内容に誤りがあります。');
    expect(error.text('en')).toBe('Some input is not valid.');
    expect(error.fieldErrors()).toEqual({ displayKana: 'ひらがなかカタカナで入力してください' });
  });

  it('reports a network failure and an unreadable body as ApiError', async () => {
    const down = setup(() => {
      throw new TypeError('fetch failed');
    });
    expect(((await down.client.get('/api/x').catch((e: unknown) => e)) as ApiError).code).toBe('network');
    const html = setup(() => new Response('<html>', { status: 502 }));
    const e = (await html.client.get('/api/x').catch((err: unknown) => err)) as ApiError;
    expect([e.code, e.status]).toEqual(['bad_response', 502]);
  });

  it('builds repeatable query parameters and leaves out empty ones', () => {
    expect(buildQuery({ area: ['31-west', '31-east'], q: '', accepting: true, page: 2, x: undefined })).toBe(
      '?area=31-west&area=31-east&accepting=true&page=2',
    );
    expect(buildQuery({})).toBe('');
  });
});
