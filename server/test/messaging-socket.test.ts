import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ConversationLog,
  type ConversationDetail,
  type Message,
  type Notification,
  type SocketError,
} from '@tsunagu/shared';
import { bearer, setupApp, type TestApp } from './helper.ts';
import {
  closeAll,
  connect,
  received,
  refusedHandshake,
  sleep,
  waitFor,
  listen,
  type ClientSocket,
} from './support/sockets.ts';

// Real socket.io clients against a real listening app.

let t: TestApp;
let url: string;
const users: Record<string, { id: string; token: string; name: string }> = {};
const open: ClientSocket[] = [];
beforeAll(async () => {
  t = await setupApp();
  url = await listen(t.app);
  const logins = [
    ['a', 'coordinator@example.jp'],
    ['b', 'coordinator2@example.jp'],
    ['c', 'coordinator3@example.jp'],
    ['d', 'coordinator4@example.jp'],
    ['e', 'coordinator5@example.jp'],
  ] as const;
  for (const [key, email] of logins) {
    const res = await t.login(email);
    const user = res.body.user as { id: string; displayName: string };
    users[key] = { id: user.id, token: res.body.accessToken as string, name: user.displayName };
  }
});
afterAll(async () => {
  closeAll(open);
  await t.close();
});

const call = (method: string, path: string, who: string, payload?: object) =>
  t.app.inject({
    method: method as 'GET',
    url: path,
    headers: bearer(users[who]!.token),
    ...(payload ? { payload } : {}),
  });
const group = async (owner: string, members: string[], name = 'テストグループ') =>
  (
    await call('POST', '/api/conversations', owner, {
      kind: 'group',
      name,
      memberIds: members.map((m) => users[m]!.id),
    })
  ).json() as ConversationDetail;
async function client(who: string) {
  const socket = await connect(url, users[who]!.token);
  open.push(socket);
  return socket;
}
const sendOnce = (socket: ClientSocket, conversationId: string, text: string, clientId = randomUUID()) =>
  socket.timeout(10_000).emitWithAck('message:send', { conversationId, clientId, text });
/** Like the web client: a send refused for too many events is sent again, with the same id, a moment later. */
async function send(socket: ClientSocket, conversationId: string, text: string, clientId = randomUUID()) {
  for (;;) {
    const ack = await sendOnce(socket, conversationId, text, clientId);
    if (ack.ok || ack.error.code !== 'too_many_events') return ack;
    await sleep(150);
  }
}
const storedCount = async (conversationId: string) =>
  (
    await t.database.pool.query('SELECT count(*)::int AS n FROM messages WHERE conversation_id = $1', [
      conversationId,
    ])
  ).rows[0].n as number;

describe('the handshake', () => {
  it('is refused without a token, with a forged one and with an expired one', async () => {
    expect((await refusedHandshake(url, undefined)).message).toBe('unauthenticated');
    const forged = await refusedHandshake(url, 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl');
    expect(forged.message).toBe('session_expired');
    expect(forged.data).toMatchObject({
      code: 'session_expired',
      message: expect.stringContaining('セッション'),
      messageEn: expect.stringContaining('expired'),
    });
    const claims = t.app.jwt.decode<{ sub: string; sid: string; tv: number }>(users.a!.token)!;
    const shortLived = t.app.jwt.sign(
      { sub: claims.sub, sid: claims.sid, tv: claims.tv },
      { expiresIn: '2s' },
    ); // 2 s: the handshake of a loaded machine must end before it expires
    const socket = await connect(url, shortLived);
    const expired = new Promise<SocketError>((resolve) => socket.once('session:expired', resolve));
    const disconnected = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    expect((await expired).code).toBe('session_expired');
    expect(await disconnected).toBe('io server disconnect');
    // The same token no longer opens a connection; a refreshed one does.
    expect((await refusedHandshake(url, shortLived)).message).toBe('session_expired');
    (await client('a')).close();
  });
});

describe('delivery', () => {
  it('stores before acknowledging, acknowledges a resend without a second copy, and delivers to members', async () => {
    const conv = await group('a', ['b']);
    const [a, b] = [await client('a'), await client('b')];
    const inbox = received(b);
    const clientId = randomUUID();
    const ack = await send(a, conv.id, 'こんにちは', clientId);
    expect(ack).toMatchObject({
      ok: true,
      duplicate: false,
      message: { id: clientId, seq: 1, text: 'こんにちは', authorName: users.a!.name },
    });
    expect(await storedCount(conv.id)).toBe(1);
    const resent = await send(a, conv.id, 'こんにちは', clientId);
    expect(resent).toMatchObject({ ok: true, duplicate: true, message: { id: clientId, seq: 1 } });
    expect(await storedCount(conv.id)).toBe(1);
    await waitFor(() => inbox.length === 1, 5_000, 'the message');
    await sleep(100);
    expect(inbox.map((m) => m.id)).toEqual([clientId]);
    closeAll([a, b]);
  });

  it('keeps the stored order under concurrent senders', async () => {
    const conv = await group('a', ['b', 'c', 'd']);
    const senders = [await client('a'), await client('b'), await client('c')];
    const reader = await client('d');
    const inbox = received(reader);
    const perSender = 15;
    // Three clients at once, each sending its outbox in order (the next once the last is acknowledged).
    const acks = await Promise.all(
      senders.map(async (s, i) => {
        const results = [];
        for (let n = 0; n < perSender; n++) results.push(await send(s, conv.id, `送信者${i} の ${n}`));
        return results;
      }),
    );
    expect(acks.flat().every((a) => a.ok)).toBe(true);
    await waitFor(() => inbox.length === perSender * 3, 10_000, 'every message');
    // Arrival order is the stored order: 1, 2, 3 … with nothing missing or doubled.
    expect(inbox.map((m) => m.seq)).toEqual(Array.from({ length: perSender * 3 }, (_, i) => i + 1));
    // And each sender's messages keep the order they were sent in.
    for (let i = 0; i < 3; i++) {
      const mine = inbox.filter((m) => m.authorId === users[['a', 'b', 'c'][i]!]!.id).map((m) => m.text);
      expect(mine).toEqual(Array.from({ length: perSender }, (_, n) => `送信者${i} の ${n}`));
    }
    expect(await storedCount(conv.id)).toBe(perSender * 3);
    closeAll([...senders, reader]);
  });

  it('gives a client that reconnects mid-stream every message once, in order', async () => {
    const conv = await group('a', ['b']);
    const a = await client('a');
    const total = 40;
    const log = new ConversationLog();
    let b = await client('b');
    b.on('message:new', (m) => log.apply(m));
    // The sender keeps going while the reader drops and comes back.
    const sending = (async () => {
      for (let i = 1; i <= total; i++) {
        const ack = await send(a, conv.id, `連絡 ${i}`);
        if (!ack.ok) throw new Error(JSON.stringify(ack.error));
        if (i % 10 === 0) await sleep(20);
      }
    })();
    sending.catch(() => undefined);
    await waitFor(() => log.contiguous >= 10, 10_000, 'the first messages');
    b.close();
    await sleep(150);
    b = await client('b');
    b.on('message:new', (m) => log.apply(m));
    const sync = async () => {
      const res = await b
        .timeout(5_000)
        .emitWithAck('sync', { positions: [{ conversationId: conv.id, after: log.contiguous }] });
      if (!res.ok) throw new Error(JSON.stringify(res.error));
      for (const r of res.results) for (const m of r.messages) log.apply(m);
      return res.results[0]!;
    };
    let result = await sync();
    while (result.hasMore) result = await sync();
    await sending;
    await waitFor(() => log.contiguous === total, 10_000, 'every message after reconnecting');
    const messages = log.messages();
    expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(messages.map((m) => m.text)).toEqual(Array.from({ length: total }, (_, i) => `連絡 ${i + 1}`));
    expect(new Set(messages.map((m) => m.id)).size).toBe(total);
    closeAll([a, b]);
  });

  it('replays on sync the edits and deletions made while a client was away, and only those', async () => {
    const conv = await group('a', ['b']);
    const a = await client('a');
    const sent: Message[] = [];
    for (const text of ['一つ目', '二つ目', '三つ目']) {
      const ack = await send(a, conv.id, text);
      if (!ack.ok) throw new Error(JSON.stringify(ack.error));
      sent.push(ack.message);
    }
    // B holds the three messages as they are now, then goes away.
    const log = new ConversationLog();
    const page = (await call('GET', `/api/conversations/${conv.id}/messages`, 'b')).json() as {
      items: Message[];
    };
    page.items.forEach((m) => log.apply(m));
    const seen = Math.max(...page.items.map((m) => m.changeSeq));
    expect(log.contiguous).toBe(3);

    // Like the web client, an event refused for too many events is sent again a moment later.
    type ChangeAck = { ok: true; message: Message } | { ok: false; error: SocketError };
    const emit = (event: string, payload: object) =>
      (a.timeout(5_000) as unknown as { emitWithAck(e: string, p: object): Promise<ChangeAck> }).emitWithAck(
        event,
        payload,
      );
    const change = async (event: 'message:edit' | 'message:delete', payload: object) => {
      for (;;) {
        const ack = await emit(event, payload);
        if (ack.ok || ack.error.code !== 'too_many_events') return ack;
        await sleep(150);
      }
    };
    const edited = await change('message:edit', { messageId: sent[0]!.id, text: '一つ目（訂正）' });
    const deleted = await change('message:delete', { messageId: sent[2]!.id });
    expect([edited, deleted].map((x) => (x.ok ? 'ok' : JSON.stringify(x.error)))).toEqual(['ok', 'ok']);
    if (!edited.ok || !deleted.ok) return;
    expect(deleted.message.changeSeq).toBeGreaterThan(edited.message.changeSeq);
    expect(edited.message.changeSeq).toBeGreaterThan(seen);

    // B comes back: sync from its position and its last seen change.
    const b = await client('b');
    const res = await b.timeout(5_000).emitWithAck('sync', {
      positions: [{ conversationId: conv.id, after: log.contiguous, changesAfter: seen }],
    });
    if (!res.ok) throw new Error(JSON.stringify(res.error));
    const [result] = res.results;
    expect(result!.messages).toEqual([]);
    expect(result!.changed.map((m: Message) => m.id)).toEqual([sent[0]!.id, sent[2]!.id]);
    result!.changed.forEach((m: Message) => log.apply(m));
    expect(log.messages().map((m: Message) => (m.deleted ? '(削除)' : m.text))).toEqual([
      '一つ目（訂正）',
      '二つ目',
      '(削除)',
    ]);

    // Synced from the newest change: nothing more to replay.
    const latest = Math.max(...result!.changed.map((m: Message) => m.changeSeq));
    const again = await b.timeout(5_000).emitWithAck('sync', {
      positions: [{ conversationId: conv.id, after: log.contiguous, changesAfter: latest }],
    });
    expect(again.ok && again.results[0]!.changed).toEqual([]);
    closeAll([a, b]);
  });

  it('stops delivering to a removed member at once, in every event', async () => {
    const conv = await group('a', ['b', 'c']);
    const [a, b, c] = [await client('a'), await client('b'), await client('c')];
    const [inboxB, inboxC] = [received(b), received(c)];
    const removed = new Promise<{ conversationId: string }>((resolve) =>
      c.once('conversation:removed', resolve),
    );
    const typingSeenByC: unknown[] = [];
    c.on('typing', (e) => typingSeenByC.push(e));
    expect(await send(a, conv.id, '外す前')).toMatchObject({ ok: true });
    await waitFor(() => inboxC.length === 1, 5_000, 'the first message');

    expect(
      (await call('DELETE', `/api/conversations/${conv.id}/members/${users.c!.id}`, 'a')).statusCode,
    ).toBe(200);
    expect(await removed).toEqual({ conversationId: conv.id });
    expect(await send(a, conv.id, '外した後')).toMatchObject({ ok: true });
    a.emit('typing', { conversationId: conv.id, typing: true });
    await waitFor(() => inboxB.length === 2, 5_000, 'the member still receiving');
    await sleep(200);
    expect(inboxC.map((m) => m.text)).toEqual(['外す前']);
    expect(typingSeenByC).toEqual([]);

    // The removed member's own events are refused against their membership now.
    const refused = await send(c, conv.id, 'まだ送れる？');
    expect(refused).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const sync = await c
      .timeout(5_000)
      .emitWithAck('sync', { positions: [{ conversationId: conv.id, after: 0 }] });
    expect(sync).toMatchObject({ ok: true, results: [], refused: [conv.id] });
    const read = await c.timeout(5_000).emitWithAck('read', { conversationId: conv.id, seq: 2 });
    expect(read).toMatchObject({ ok: false, error: { code: 'not_member' } });
    closeAll([a, b, c]);
  });

  it('refuses events for a conversation the user is not in', async () => {
    const conv = await group('a', ['b']);
    const outsider = await client('e');
    expect(await send(outsider, conv.id, 'のぞき見')).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.any(String), messageEn: expect.any(String) },
    });
    const errors: unknown[] = [];
    outsider.on('app:error', (e) => errors.push(e));
    outsider.emit('typing', { conversationId: conv.id, typing: true });
    await waitFor(() => errors.length === 1, 5_000, 'the typing refusal');
    expect(errors[0]).toMatchObject({ event: 'typing', error: { code: 'not_member' } });
    expect(await storedCount(conv.id)).toBe(0);
    outsider.close();
  });
});

describe('bounds', () => {
  it('refuses oversize, unknown fields and __proto__ to that client only, without disconnecting it', async () => {
    // The sender is a user whose event budget the earlier tests left untouched.
    const conv = await group('d', ['b', 'c']);
    const [a, b, c] = [await client('d'), await client('b'), await client('c')];
    const inboxC = received(c);
    const tooLong = await send(a, conv.id, 'あ'.repeat(4001));
    expect(tooLong).toMatchObject({
      ok: false,
      error: { code: 'validation', details: [{ field: 'text', message: expect.stringContaining('4000') }] },
    });
    const unknown = await a.timeout(5_000).emitWithAck('message:send', {
      conversationId: conv.id,
      clientId: randomUUID(),
      text: 'x',
      html: '<b>',
    } as never);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'validation', details: [{ field: 'html' }] } });
    const polluted = JSON.parse(
      `{"conversationId":"${conv.id}","clientId":"${randomUUID()}","text":"x","__proto__":{"admin":true}}`,
    );
    expect(await a.timeout(5_000).emitWithAck('message:send', polluted)).toMatchObject({
      ok: false,
      error: { code: 'validation', details: [{ field: '__proto__' }] },
    });
    // Text PostgreSQL cannot store (NUL, an unpaired surrogate) is refused as invalid input, not a server error.
    for (const text of ['a\u0000b', 'x\ud800', '\udfffy'])
      expect(await send(a, conv.id, text)).toMatchObject({
        ok: false,
        error: {
          code: 'validation',
          details: [{ field: 'text', message: expect.stringContaining('cannot be stored') }],
        },
      });
    expect(await storedCount(conv.id)).toBe(0);
    const nested = JSON.parse(
      `{"positions":[{"conversationId":"${conv.id}","after":0,"constructor":{"prototype":{}}}]}`,
    );
    expect(await a.timeout(5_000).emitWithAck('sync', nested)).toMatchObject({
      ok: false,
      error: { code: 'validation' },
    });
    expect(a.connected).toBe(true);
    expect(await send(a, conv.id, 'まだつながっている')).toMatchObject({ ok: true });

    // Above the transport's 16 KB limit the packet is never read: that one connection closes, nobody else's.
    const closed = new Promise<string>((resolve) => b.once('disconnect', resolve));
    b.emit(
      'message:send',
      { conversationId: conv.id, clientId: randomUUID(), text: 'x'.repeat(20_000) },
      () => undefined,
    );
    expect(await closed).toMatch(/transport/);
    expect(await send(a, conv.id, '他の人には届く')).toMatchObject({ ok: true });
    await waitFor(() => inboxC.length === 2, 5_000, 'delivery to the others');
    expect(await storedCount(conv.id)).toBe(2);
    closeAll([a, b, c]);
  });

  it('limits events per second per user with an error to that client; the others carry on', async () => {
    const conv = await group('a', ['b', 'c']);
    const [flooder, b, c] = [await client('a'), await client('b'), await client('c')];
    const inboxC = received(c);
    const errors: { event: string; error: SocketError }[] = [];
    flooder.on('app:error', (e) => errors.push(e));
    for (let i = 0; i < 100; i++) flooder.emit('typing', { conversationId: conv.id, typing: i % 2 === 0 });
    const refused = await sendOnce(flooder, conv.id, 'あふれた');
    expect(refused).toMatchObject({
      ok: false,
      error: {
        code: 'too_many_events',
        message: expect.stringContaining('接続はそのまま'),
        messageEn: expect.stringContaining('still connected'),
      },
    });
    await waitFor(() => errors.length >= 60, 5_000, 'the refusals');
    expect(errors.every((e) => e.event === 'typing' && e.error.code === 'too_many_events')).toBe(true);
    // Others are not slowed down.
    for (let i = 0; i < 5; i++) expect(await send(b, conv.id, `普通の送信 ${i}`)).toMatchObject({ ok: true });
    await waitFor(() => inboxC.length === 5, 5_000, "the others' messages");
    expect(flooder.connected).toBe(true);
    // The bucket refills: the flooder can send again a moment later.
    await sleep(300);
    expect(await sendOnce(flooder, conv.id, '落ち着いた')).toMatchObject({ ok: true });
    closeAll([flooder, b, c]);
  });
});

describe('read receipts, typing, presence and notifications', () => {
  it('shows typing, read positions and presence to the other member', async () => {
    const direct = (
      await call('POST', '/api/conversations', 'a', { kind: 'direct', userId: users.e!.id })
    ).json() as ConversationDetail;
    const a = await client('a');
    const watch = await a.timeout(5_000).emitWithAck('presence:watch', { userIds: [users.e!.id] });
    expect(watch).toMatchObject({ ok: true, presence: [{ userId: users.e!.id, status: 'offline' }] });
    const presence: { userId: string; status: string }[] = [];
    a.on('presence', (p) => presence.push(p));
    const e = await client('e');
    await waitFor(() => presence.some((p) => p.status === 'online'), 5_000, 'online');
    await e.timeout(5_000).emitWithAck('presence:set', { status: 'away' });
    await waitFor(() => presence.at(-1)?.status === 'away', 5_000, 'away');

    const typing = new Promise<{ userId: string; typing: boolean }>((resolve) => a.once('typing', resolve));
    e.emit('typing', { conversationId: direct.id, typing: true });
    expect(await typing).toMatchObject({ userId: users.e!.id, typing: true });

    const { message } = (await send(a, direct.id, '読んだら教えて')) as { message: Message };
    const receipt = new Promise<{ userId: string; lastReadSeq: number }>((resolve) =>
      a.once('read', resolve),
    );
    expect(
      await e.timeout(5_000).emitWithAck('read', { conversationId: direct.id, seq: message.seq }),
    ).toMatchObject({ ok: true, lastReadSeq: message.seq, unread: 0 });
    expect(await receipt).toMatchObject({ userId: users.e!.id, lastReadSeq: message.seq });
    const detail = (await call('GET', `/api/conversations/${direct.id}`, 'a')).json() as ConversationDetail;
    expect(detail.members.find((m) => m.userId === users.e!.id)).toMatchObject({
      lastReadSeq: message.seq,
      presence: 'away',
    });

    e.close();
    await waitFor(() => presence.at(-1)?.status === 'offline', 5_000, 'offline');
    a.close();
  });

  it("pushes a consultation reply's notification to the author's open socket with the unread count", async () => {
    const posted = await call('POST', '/api/consultations', 'a', {
      title: '夜間の吸引を担える短期入所先',
      categories: ['resource_shortage'],
      ageBand: 'preschool',
      careTypes: ['suction'],
      area: '31-west',
      asked: '受け入れ実績のある事業所を知りたい。',
    });
    expect(posted.statusCode).toBe(201);
    const socket = await client('a');
    const pushed = new Promise<{ notification: Notification; unread: number }>((resolve) =>
      socket.once('notification', resolve),
    );
    const centre = await t.token('center_staff');
    const reply = await t.app.inject({
      method: 'POST',
      url: `/api/consultations/${posted.json().id}/replies`,
      headers: bearer(centre),
      payload: { body: '西部の事業所を2か所ご紹介します。' },
    });
    expect(reply.statusCode).toBe(201);
    const event = await pushed;
    expect(event.notification.kind).toMatch(/^consultation\./);
    const unread = (await call('GET', '/api/notifications/unread-count', 'a')).json().unread;
    expect(event.unread).toBe(unread);
    socket.close();
  });
});
