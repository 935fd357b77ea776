import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Me, SessionResponse } from '@tsunagu/shared';
import { createApiClient } from '../src/api/client.ts';
import type { TabCoordination } from '../src/api/tabs.ts';

// Two tabs of one browser: one cookie jar, one lock, one channel name. The scripted server
// rotates strictly (no grace window): presenting a rotated cookie signs the family out, as the
// server did before its grace window. Only the tabs' coordination keeps both signed in.

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
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A browser-wide exclusive lock, granted in request order (the Web Locks semantics we use). */
function browserLock(): TabCoordination['lock'] {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(work: () => Promise<T>) => {
    const run = tail.then(work, work);
    tail = run.catch(() => undefined);
    return run;
  };
}

const channels: BroadcastChannel[] = [];
afterEach(() => {
  for (const c of channels.splice(0)) c.close();
});

function browser(coordinated: boolean) {
  let cookie = 'c0';
  let serial = 0;
  let revoked = false;
  const refreshes: string[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = String(input);
    const auth = (init.headers as Record<string, string>).Authorization;
    if (url === '/api/auth/refresh') {
      const presented = cookie;
      refreshes.push(presented);
      await sleep(20); // the round trip: another tab can start meanwhile
      if (revoked || presented !== cookie) {
        revoked = true; // a rotated cookie presented again: the family is revoked
        return json(401, { code: 'session_expired', message: '期限切れ', messageEn: 'Expired' });
      }
      cookie = `c${++serial}`;
      const session: SessionResponse = { accessToken: `t${serial}`, expiresIn: 900, user: me };
      return json(200, session);
    }
    if (revoked || auth === 'Bearer expired')
      return json(401, { code: 'session_expired', message: '期限切れ', messageEn: 'Expired' });
    return json(200, { ok: true, auth });
  }) as unknown as typeof globalThis.fetch;
  const lock = browserLock();
  const name = `tsunagu-session-${Math.random()}`;

  function tab() {
    let token: string | null = 'expired';
    const lost = vi.fn();
    const channel = coordinated ? new BroadcastChannel(name) : null;
    if (channel) channels.push(channel);
    const client = createApiClient({ fetch, ...(coordinated ? { tabs: { lock, channel } } : {}) });
    client.configure({
      getAccessToken: () => token,
      onSession: (s) => {
        token = s.accessToken;
      },
      onSessionLost: () => {
        token = null;
        lost();
      },
    });
    return { client, lost, token: () => token };
  }
  return { tab, refreshes, revoked: () => revoked };
}

describe('refresh across the tabs of one browser', () => {
  it('two tabs whose tokens expire at once both stay signed in; no rotated cookie is presented again', async () => {
    const b = browser(true);
    const [a, c] = [b.tab(), b.tab()];
    const results = await Promise.all([a.client.get('/api/x'), c.client.get('/api/x')]);
    expect(results).toEqual([expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })]);
    expect(a.lost).not.toHaveBeenCalled();
    expect(c.lost).not.toHaveBeenCalled();
    expect(b.revoked()).toBe(false);
    expect(new Set(b.refreshes).size).toBe(b.refreshes.length);
  });

  it('without the coordination the same two tabs sign each other out (the hole this closes)', async () => {
    const b = browser(false);
    const [a, c] = [b.tab(), b.tab()];
    await Promise.allSettled([a.client.get('/api/x'), c.client.get('/api/x')]);
    expect(b.revoked()).toBe(true);
  });

  it('a tab takes the session another tab announced instead of refreshing again', async () => {
    const b = browser(true);
    const [a, c] = [b.tab(), b.tab()];
    await a.client.refresh();
    await vi.waitFor(() => expect(c.token()).toBe(a.token()));
    expect(b.refreshes).toEqual(['c0']);
    await expect(c.client.get('/api/x')).resolves.toMatchObject({ ok: true, auth: `Bearer ${a.token()}` });
    expect(b.refreshes).toEqual(['c0']);
  });
});
