import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vocabularies, type ConversationDetail, type Message } from '@tsunagu/shared';
import { bearer, setupApp, type TestApp } from './helper.ts';

// The REST side of messaging (conversations, members, channels, history, search) and the
// storing rules, called through the service where the socket would call it.

let t: TestApp;
const users: Record<string, { id: string; token: string }> = {};
beforeAll(async () => {
  t = await setupApp();
  for (const [key, email] of [
    ['a', 'coordinator@example.jp'],
    ['b', 'coordinator2@example.jp'],
    ['c', 'coordinator3@example.jp'],
    ['d', 'coordinator4@example.jp'],
    ['supporter', 'supporter@example.jp'],
  ] as const) {
    const res = await t.login(email);
    users[key] = { id: (res.body.user as { id: string }).id, token: res.body.accessToken as string };
  }
  const centre = await t.token('center_staff');
  const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(centre) });
  users.centre = { id: me.json().id, token: centre };
});
afterAll(() => t.close());

const call = (method: string, url: string, who: string | null, payload?: object) =>
  t.app.inject({
    method: method as 'GET',
    url,
    ...(who ? { headers: bearer(users[who]!.token) } : {}),
    ...(payload ? { payload } : {}),
  });

const author = (who: string, displayName = who) => ({ userId: users[who]!.id, displayName });
const send = (
  who: string,
  conversationId: string,
  text: string,
  extra: { clientId?: string; threadRootId?: string } = {},
) =>
  import('../src/features/messaging/service.ts').then((s) =>
    s.sendMessage(t.app.messaging, author(who), {
      conversationId,
      clientId: extra.clientId ?? randomUUID(),
      text,
      ...(extra.threadRootId ? { threadRootId: extra.threadRootId } : {}),
    }),
  );

describe('conversations', () => {
  let group: ConversationDetail;

  it('has an open channel per 圏域 and per profession, joinable by anyone signed in', async () => {
    const res = await call('GET', '/api/channels', 'supporter');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      id: string;
      channelKind: string;
      channelKey: string;
      joined: boolean;
      name: string;
    }[];
    expect(items.filter((c) => c.channelKind === 'area').map((c) => c.channelKey)).toEqual([
      '31-east',
      '31-central',
      '31-west',
    ]);
    expect(items.filter((c) => c.channelKind === 'profession')).toHaveLength(
      vocabularies.qualifications.length,
    );
    const west = items.find((c) => c.channelKey === '31-west')!;
    expect(west.joined).toBe(false);
    const joined = await call('POST', `/api/conversations/${west.id}/join`, 'supporter', {});
    expect(joined.statusCode).toBe(200);
    expect(joined.json().members.map((m: { userId: string }) => m.userId)).toContain(users.supporter!.id);
    expect((await call('POST', `/api/conversations/${west.id}/join`, 'supporter', {})).statusCode).toBe(200);
    expect(
      (await call('GET', '/api/conversations', 'supporter')).json().items.map((c: { id: string }) => c.id),
    ).toContain(west.id);
    expect((await call('POST', `/api/conversations/${west.id}/leave`, 'supporter', {})).statusCode).toBe(200);
    expect(
      (await call('GET', '/api/conversations', 'supporter')).json().items.map((c: { id: string }) => c.id),
    ).not.toContain(west.id);
  });

  it('keeps one direct conversation per pair', async () => {
    const first = await call('POST', '/api/conversations', 'a', { kind: 'direct', userId: users.b!.id });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ kind: 'direct', peerId: users.b!.id, memberCount: 2 });
    const again = await call('POST', '/api/conversations', 'b', { kind: 'direct', userId: users.a!.id });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(
      (await call('POST', '/api/conversations', 'a', { kind: 'direct', userId: users.a!.id })).statusCode,
    ).toBe(400);
    expect((await call('POST', '/api/conversations', 'a', { kind: 'direct' })).statusCode).toBe(400);
    expect(
      (await call('POST', '/api/conversations', 'a', { kind: 'direct', userId: users.b!.id, name: 'x' }))
        .statusCode,
    ).toBe(400);
    // A direct conversation cannot be left, and outsiders do not learn that it exists.
    expect((await call('POST', `/api/conversations/${first.json().id}/leave`, 'a', {})).statusCode).toBe(403);
    expect((await call('GET', `/api/conversations/${first.json().id}`, 'c')).statusCode).toBe(404);
  });

  it('creates a group whose creator manages its members', async () => {
    const res = await call('POST', '/api/conversations', 'a', {
      kind: 'group',
      name: '西部ケア会議',
      memberIds: [users.b!.id, users.c!.id],
    });
    expect(res.statusCode).toBe(201);
    group = res.json();
    expect(group).toMatchObject({ kind: 'group', name: '西部ケア会議', memberCount: 3, myRole: 'admin' });
    expect(group.members.find((m) => m.userId === users.a!.id)?.role).toBe('admin');

    // A member who is not an admin cannot add or remove others; an outsider gets a 404.
    expect(
      (await call('POST', `/api/conversations/${group.id}/members`, 'b', { userIds: [users.d!.id] }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call('DELETE', `/api/conversations/${group.id}/members/${users.c!.id}`, 'b')).statusCode,
    ).toBe(403);
    expect(
      (await call('POST', `/api/conversations/${group.id}/members`, 'd', { userIds: [users.d!.id] }))
        .statusCode,
    ).toBe(404);
    // Not a channel: nobody joins by themselves.
    expect((await call('POST', `/api/conversations/${group.id}/join`, 'd', {})).statusCode).toBe(403);

    const added = await call('POST', `/api/conversations/${group.id}/members`, 'a', {
      userIds: [users.d!.id],
    });
    expect(added.statusCode).toBe(200);
    expect(added.json().memberCount).toBe(4);
    expect(
      (await call('DELETE', `/api/conversations/${group.id}/members/${users.d!.id}`, 'a')).statusCode,
    ).toBe(200);
    // Anyone leaves by themselves.
    expect(
      (await call('DELETE', `/api/conversations/${group.id}/members/${users.c!.id}`, 'c')).statusCode,
    ).toBe(200);
    const detail = (await call('GET', `/api/conversations/${group.id}`, 'a')).json();
    expect(detail.members.map((m: { userId: string }) => m.userId).sort()).toEqual(
      [users.a!.id, users.b!.id].sort(),
    );
    expect(detail.members.every((m: { presence: string }) => m.presence === 'offline')).toBe(true);
  });

  it('refuses bad input with a readable 400 and channels to non-centre staff', async () => {
    for (const payload of [
      { kind: 'group' },
      { kind: 'group', name: 'x', memberIds: ['nope'] },
      { kind: 'group', name: 'x', extra: 1 },
      { kind: 'room', name: 'x' },
      { kind: 'group', name: 'x', memberIds: [randomUUID()] },
    ]) {
      const res = await call('POST', '/api/conversations', 'a', payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      expect(res.json().message).toBeTruthy();
    }
    expect(
      (await call('POST', '/api/conversations', 'a', { kind: 'channel', name: '研修のお知らせ' })).statusCode,
    ).toBe(403);
    const channel = await call('POST', '/api/conversations', 'centre', {
      kind: 'channel',
      name: '研修のお知らせ',
      description: 'センターから',
    });
    expect(channel.statusCode).toBe(201);
    expect(channel.json()).toMatchObject({ kind: 'channel', channelKind: 'custom' });
    expect((await call('POST', `/api/conversations/${channel.json().id}/join`, 'c', {})).statusCode).toBe(
      200,
    );
    expect((await call('GET', '/api/conversations', null)).statusCode).toBe(401);
  });

  it('pages history backwards, keeps threads, counts unread and searches Japanese text', async () => {
    const conv = (
      await call('POST', '/api/conversations', 'a', {
        kind: 'group',
        name: '検索テスト',
        memberIds: [users.b!.id],
      })
    ).json() as ConversationDetail;
    const sent: Message[] = [];
    for (let i = 1; i <= 7; i++)
      sent.push((await send('a', conv.id, `訪問看護ステーションの連絡 ${i}`)).message);
    const reply = (await send('b', conv.id, 'スレッドへの返信です', { threadRootId: sent[0]!.id })).message;
    expect(reply).toMatchObject({ seq: 8, threadRootId: sent[0]!.id });
    // A reply to a reply, or to another conversation's message, is refused.
    await expect(send('b', conv.id, 'x', { threadRootId: reply.id })).rejects.toMatchObject({
      code: 'validation',
    });

    const page1 = (await call('GET', `/api/conversations/${conv.id}/messages?limit=5`, 'b')).json();
    expect(page1.items.map((m: Message) => m.seq)).toEqual([8, 7, 6, 5, 4]);
    expect(page1.hasMore).toBe(true);
    const page2 = (await call('GET', `/api/conversations/${conv.id}/messages?limit=5&before=4`, 'b')).json();
    expect(page2.items.map((m: Message) => m.seq)).toEqual([3, 2, 1]);
    expect(page2.hasMore).toBe(false);
    expect(page2.items[2].replyCount).toBe(1);
    const thread = (
      await call('GET', `/api/conversations/${conv.id}/messages?threadRootId=${sent[0]!.id}`, 'b')
    ).json();
    expect(thread.items.map((m: Message) => m.seq)).toEqual([8, 1]);

    const list = (await call('GET', '/api/conversations', 'b'))
      .json()
      .items.find((c: { id: string }) => c.id === conv.id);
    expect(list).toMatchObject({
      unread: 7,
      lastSeq: 8,
      lastMessage: { seq: 8, text: 'スレッドへの返信です' },
    });

    // Katakana and full-width folded; three characters and more use the trigram index.
    const hits2 = (
      await call('GET', `/api/messages/search?q=${encodeURIComponent('すてーしょん')}`, 'b')
    ).json();
    expect(hits2.items).toHaveLength(7);
    expect(hits2.items[0]).toMatchObject({ conversationName: '検索テスト', conversationKind: 'group' });
    const short = (
      await call('GET', `/api/messages/search?q=${encodeURIComponent('返信')}&conversationId=${conv.id}`, 'b')
    ).json();
    expect(short.items.map((h: { message: Message }) => h.message.seq)).toEqual([8]);
    // Outsiders find nothing of it and cannot read it.
    expect(
      (await call('GET', `/api/messages/search?q=${encodeURIComponent('ステーション')}`, 'd')).json().items,
    ).toHaveLength(0);
    expect((await call('GET', `/api/conversations/${conv.id}/messages`, 'd')).statusCode).toBe(404);
    expect((await call('GET', `/api/messages/search?q=%20`, 'b')).statusCode).toBe(400);
  });

  it('stores a resent id once, edits and deletes by the author only, and erases deleted text', async () => {
    const conv = (
      await call('POST', '/api/conversations', 'a', {
        kind: 'group',
        name: '編集テスト',
        memberIds: [users.b!.id],
      })
    ).json() as ConversationDetail;
    const clientId = randomUUID();
    const first = await send('a', conv.id, '最初の文面', { clientId });
    const again = await send('a', conv.id, '最初の文面', { clientId });
    expect(again).toMatchObject({ duplicate: true, message: { id: clientId, seq: first.message.seq } });
    expect(first.duplicate).toBe(false);
    // The same id from someone else is a conflict, not their message.
    await expect(send('b', conv.id, 'なりすまし', { clientId })).rejects.toMatchObject({ code: 'conflict' });
    const { rows } = await t.database.pool.query('SELECT count(*)::int AS n FROM messages WHERE id = $1', [
      clientId,
    ]);
    expect(rows[0].n).toBe(1);

    const service = await import('../src/features/messaging/service.ts');
    await expect(
      service.editMessage(t.app.messaging, author('b'), clientId, '他人の編集'),
    ).rejects.toMatchObject({ code: 'forbidden' });
    const edited = await service.editMessage(t.app.messaging, author('a'), clientId, '直した文面');
    expect(edited.message).toMatchObject({ text: '直した文面', deleted: false });
    expect(edited.message.editedAt).not.toBeNull();
    const deleted = await service.deleteMessage(t.app.messaging, author('a'), clientId);
    expect(deleted.message).toMatchObject({ text: '', deleted: true });
    const stored = await t.database.pool.query('SELECT body, search_text FROM messages WHERE id = $1', [
      clientId,
    ]);
    expect(stored.rows[0]).toEqual({ body: '', search_text: '' });
    await expect(
      service.editMessage(t.app.messaging, author('a'), clientId, 'もう一度'),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('notifies the members mentioned with @name', async () => {
    const conv = (
      await call('POST', '/api/conversations', 'a', {
        kind: 'group',
        name: 'メンション',
        memberIds: [users.b!.id],
      })
    ).json() as ConversationDetail;
    const b = conv.members.find((m) => m.userId === users.b!.id)!;
    const before = (await call('GET', '/api/notifications/unread-count', 'b')).json().unread;
    const { message } = await send(
      'a',
      conv.id,
      `@${b.displayName.replace(/\s/g, '')} 明日の件、確認お願いします`,
    );
    expect(message.mentions).toEqual([users.b!.id]);
    const after = (await call('GET', '/api/notifications?unread=true', 'b')).json();
    expect(after.unread).toBe(before + 1);
    expect(after.items[0]).toMatchObject({ kind: 'message.mention' });
    expect(after.items[0].title).not.toContain('明日の件');
  });
});
