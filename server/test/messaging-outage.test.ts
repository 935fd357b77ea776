import { mkdtempSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo, type Database } from '@tsunagu/db';
import { createTestDatabase } from '@tsunagu/db/testing';
import { defaultRegionFile, type ConversationDetail, type SocketError } from '@tsunagu/shared';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { App } from '../src/types.ts';
import { bearer } from './helper.ts';
import { openThroughProxy, startDbProxy, targetOf, type DbProxy } from './support/db-proxy.ts';
import { closeAll, connect, listen, refusedHandshake, sleep, type ClientSocket } from './support/sockets.ts';

// The database becomes unreachable mid-conversation (issue 8, item 5): the app reaches it
// through a TCP proxy that the test cuts and restores, without restarting anything.

let database: Database;
let proxy: DbProxy;
let proxied: Database;
let app: App;
let url: string;
const open: ClientSocket[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ poolSize: 2 });
  await seedDemo(database, defaultRegionFile);
  proxy = await startDbProxy(targetOf(database));
  proxied = openThroughProxy(database, proxy);
  app = await buildApp({
    config: loadConfig({
      NODE_ENV: 'test',
      JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      DATA_DIR: mkdtempSync(join(tmpdir(), 'tsunagu-test-')),
      LOG_LEVEL: 'silent',
      WEB_DIST: '/nonexistent',
      LOGIN_RATE_LIMIT: '100000',
    }),
    database: proxied,
  });
  url = await listen(app);
});
afterAll(async () => {
  closeAll(open);
  await app?.close();
  await proxied?.close().catch(() => undefined);
  await proxy?.close();
  await database?.close();
});

async function signIn(email: string) {
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: DEMO_PASSWORD },
  });
  expect(res.statusCode).toBe(200);
  return { id: res.json().user.id as string, token: res.json().accessToken as string };
}

type Ack = { ok: true; duplicate: boolean } | { ok: false; error: SocketError };

/** Like the web client's outbox: the same id again, with backoff, while the answer is transient. */
async function sendUntilStored(
  socket: ClientSocket,
  conversationId: string,
  clientId: string,
  text: string,
  seen: string[],
) {
  for (let delay = 100; ; delay = Math.min(delay * 2, 1_000)) {
    const ack = (await socket
      .timeout(5_000)
      .emitWithAck('message:send', { conversationId, clientId, text })) as Ack;
    if (ack.ok) return ack;
    seen.push(ack.error.code);
    if (ack.error.code !== 'unavailable') return ack;
    await sleep(delay);
  }
}

describe('a database outage during a conversation', () => {
  it('answers a send with "unavailable" (not a refusal), and the retried message is stored exactly once after recovery', async () => {
    const a = await signIn('coordinator@example.jp');
    const b = await signIn('coordinator2@example.jp');
    const conv = (
      await app.inject({
        method: 'POST',
        url: '/api/conversations',
        headers: bearer(a.token),
        payload: { kind: 'group', name: '障害中', memberIds: [b.id] },
      })
    ).json() as ConversationDetail;
    const socket = await connect(url, a.token);
    open.push(socket);

    proxy.cut();
    const clientId = randomUUID();
    const first = (await socket
      .timeout(5_000)
      .emitWithAck('message:send', { conversationId: conv.id, clientId, text: '停止中に送信' })) as Ack;
    expect(first.ok).toBe(false);
    if (!first.ok)
      expect(first.error).toMatchObject({
        code: 'unavailable',
        message: expect.stringContaining('一時的'),
        messageEn: expect.stringContaining('unavailable'),
      });
    // The socket is not ended by the outage, and a new connection is told to retry, not refused for good.
    expect(socket.connected).toBe(true);
    expect((await refusedHandshake(url, b.token)).message).toBe('unavailable');

    // The database comes back 1.5 s later; the client keeps retrying with the same id.
    setTimeout(() => proxy.restore(), 1_500);
    const codes: string[] = [];
    const ack = await sendUntilStored(socket, conv.id, clientId, '停止中に送信', codes);
    expect(ack.ok).toBe(true);
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set(['unavailable']));

    // One more resend (an acknowledgement lost on the way) is still one stored message.
    const again = (await socket
      .timeout(5_000)
      .emitWithAck('message:send', { conversationId: conv.id, clientId, text: '停止中に送信' })) as Ack;
    expect(again).toMatchObject({ ok: true, duplicate: true });
    const { rows } = await database.pool.query(
      'SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1',
      [conv.id],
    );
    expect(rows[0].n).toBe(1);
    // And the REST API works again, without a restart.
    expect(
      (
        await app.inject({
          method: 'GET',
          url: `/api/conversations/${conv.id}/messages`,
          headers: bearer(b.token),
        })
      ).statusCode,
    ).toBe(200);
  });
});
