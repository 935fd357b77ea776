import { mkdtempSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDetail, Notification } from '@tsunagu/shared';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import type { App } from '../src/types.ts';
import { bearer, setupApp, type TestApp } from './helper.ts';
import { startRedisServer, type RedisServer } from './support/redis-server.ts';
import { closeAll, connect, listen, received, sleep, waitFor, type ClientSocket } from './support/sockets.ts';

// Two server processes (two apps, one database) joined by a real Redis server through the
// socket.io Redis Streams adapter: a user on one receives what is sent through the other.

let redis: RedisServer;
let t: TestApp;
let second: App;
let url1: string;
let url2: string;
const users: Record<string, { id: string; token: string }> = {};
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
  url1 = await listen(t.app);
  url2 = await listen(second);
  for (const [key, email] of [
    ['a', 'coordinator@example.jp'],
    ['b', 'coordinator2@example.jp'],
    ['c', 'coordinator3@example.jp'],
  ] as const) {
    const res = await t.login(email);
    users[key] = { id: (res.body.user as { id: string }).id, token: res.body.accessToken as string };
  }
});
afterAll(async () => {
  closeAll(open);
  await second?.close();
  await t?.close();
  await redis?.stop();
});

async function client(who: string, url: string) {
  const socket = await connect(url, users[who]!.token);
  open.push(socket);
  return socket;
}

describe('two server processes with Redis', () => {
  it('deliver messages, membership changes, presence and notifications across processes', async () => {
    const conv = (
      await t.app.inject({
        method: 'POST',
        url: '/api/conversations',
        headers: bearer(users.a!.token),
        payload: { kind: 'group', name: '二つのプロセス', memberIds: [users.b!.id, users.c!.id] },
      })
    ).json() as ConversationDetail;
    const a = await client('a', url1);
    const b = await client('b', url2);
    const c = await client('c', url2);
    const [inboxB, inboxC] = [received(b), received(c)];
    // Room membership travels through the adapter: give it a moment after connecting.
    await sleep(200);

    for (let i = 1; i <= 10; i++) {
      const ack = await a.timeout(10_000).emitWithAck('message:send', {
        conversationId: conv.id,
        clientId: randomUUID(),
        text: `プロセスをまたぐ ${i}`,
      });
      expect(ack.ok).toBe(true);
    }
    await waitFor(
      () => inboxB.length === 10 && inboxC.length === 10,
      10_000,
      'delivery through the other process',
    );
    expect(inboxB.map((m) => m.seq)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));

    // Presence is gathered from both processes (fetchSockets through the adapter).
    const detail = (
      await second.inject({
        method: 'GET',
        url: `/api/conversations/${conv.id}`,
        headers: bearer(users.b!.token),
      })
    ).json() as ConversationDetail;
    expect(detail.members.map((m) => m.presence)).toEqual(['online', 'online', 'online']);

    // A removal through process 1 makes the member's sockets on process 2 leave the room.
    const removed = new Promise((resolve) => c.once('conversation:removed', resolve));
    expect(
      (
        await t.app.inject({
          method: 'DELETE',
          url: `/api/conversations/${conv.id}/members/${users.c!.id}`,
          headers: bearer(users.a!.token),
        })
      ).statusCode,
    ).toBe(200);
    await removed;
    await sleep(200);
    await a
      .timeout(10_000)
      .emitWithAck('message:send', { conversationId: conv.id, clientId: randomUUID(), text: '外した後' });
    await waitFor(() => inboxB.length === 11, 10_000, 'the remaining member');
    await sleep(200);
    expect(inboxC).toHaveLength(10);

    // A mention stored through process 1 notifies the user connected to process 2.
    const pushed = new Promise<{ notification: Notification; unread: number }>((resolve) =>
      b.once('notification', resolve),
    );
    const name = detail.members.find((m) => m.userId === users.b!.id)!.displayName.replace(/\s/g, '');
    await a.timeout(10_000).emitWithAck('message:send', {
      conversationId: conv.id,
      clientId: randomUUID(),
      text: `@${name} 確認お願いします`,
    });
    expect((await pushed).notification.kind).toBe('message.mention');
  });
});
