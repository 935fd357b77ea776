import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@tsunagu/db';
import type { ChannelListResponse, ConversationDetail } from '@tsunagu/shared';
import { bearer, setupApp, sql, type TestApp } from './helper.ts';

// Channels as the issue 10 journeys need them: the preview before joining, invite-only channels,
// the centre's channels for an audience, being joined to one's own channels, groups of every role.

let t: TestApp;
const users: Record<string, { id: string; token: string }> = {};
beforeAll(async () => {
  t = await setupApp();
  for (const [key, email] of [
    ['a', 'coordinator@example.jp'],
    ['b', 'coordinator2@example.jp'],
    ['c', 'coordinator3@example.jp'],
    ['supporter', 'supporter@example.jp'],
  ] as const) {
    const res = await t.login(email);
    users[key] = { id: (res.body.user as { id: string }).id, token: res.body.accessToken as string };
  }
  for (const role of ['center_staff', 'admin'] as const) {
    const token = await t.token(role);
    const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(token) });
    users[role] = { id: me.json().id, token };
  }
});
afterAll(() => t.close());

const call = (method: string, url: string, who: string | null, payload?: object) =>
  t.app.inject({
    method: method as 'GET',
    url,
    ...(who ? { headers: bearer(users[who]!.token) } : {}),
    ...(payload ? { payload } : {}),
  });
const channels = async (who: string) =>
  (await call('GET', '/api/channels', who)).json() as ChannelListResponse;
const memberIds = async (conversationId: string) =>
  (
    await t.database.db
      .select({ userId: schema.conversationMembers.userId })
      .from(schema.conversationMembers)
      .where(eq(schema.conversationMembers.conversationId, conversationId))
  ).map((r) => r.userId);

describe('a channel before joining it', () => {
  it('shows an open channel to a non-member with its name, description, members and can.join', async () => {
    const west = (await channels('a')).items.find((c) => c.channelKind === 'area')!;
    expect((await call('GET', `/api/conversations/${west.id}`, 'supporter')).json().code).toBe('not_member');
    const preview = await call('GET', `/api/channels/${west.id}`, 'supporter');
    expect(preview.statusCode).toBe(200);
    expect(preview.json()).toMatchObject({
      id: west.id,
      name: west.name,
      description: west.description,
      joined: false,
      can: { join: true, leave: false },
    });
    expect(typeof preview.json().memberCount).toBe('number');
    expect((await call('GET', `/api/channels/${west.id}`, null)).statusCode).toBe(401);
    expect((await call('GET', '/api/channels/not-a-uuid', 'a')).statusCode).toBe(400);
  });

  it('keeps a group and an invite-only channel hidden from outsiders (404 everywhere)', async () => {
    const group = await call('POST', '/api/conversations', 'a', {
      kind: 'group',
      name: '内緒',
      memberIds: [],
    });
    expect((await call('GET', `/api/channels/${group.json().id}`, 'b')).statusCode).toBe(404);
    const secret = await call('POST', '/api/conversations', 'center_staff', {
      kind: 'channel',
      name: '招待制の部屋',
      inviteOnly: true,
    });
    expect(secret.statusCode).toBe(201);
    const id = secret.json().id as string;
    expect(secret.json()).toMatchObject({ inviteOnly: true, can: { addMembers: true, leave: true } });
    for (const [method, url] of [
      ['GET', `/api/channels/${id}`],
      ['GET', `/api/conversations/${id}`],
      ['POST', `/api/conversations/${id}/join`],
      ['GET', `/api/conversations/${id}/messages`],
    ] as const)
      expect((await call(method, url, 'b', method === 'POST' ? {} : undefined)).statusCode, url).toBe(404);
    expect((await channels('b')).items.map((c) => c.id)).not.toContain(id);
    // Its admin adds someone: they see it now, as a plain member.
    expect(
      (await call('POST', `/api/conversations/${id}/members`, 'center_staff', { userIds: [users.b!.id] }))
        .statusCode,
    ).toBe(200);
    const seen = (await channels('b')).items.find((c) => c.id === id);
    expect(seen).toMatchObject({ joined: true, inviteOnly: true, can: { join: false, leave: true } });
    const mine = (await call('GET', `/api/conversations/${id}`, 'b')).json() as ConversationDetail;
    expect(mine.can).toEqual({ post: true, leave: true, addMembers: false, removeMembers: false });
    expect(
      (await call('POST', `/api/conversations/${id}/members`, 'b', { userIds: [users.c!.id] })).statusCode,
    ).toBe(403);
  });
});

describe('the centre creates channels', () => {
  it('refuses coordinators and supporters, and says whether the caller may create', async () => {
    for (const who of ['a', 'supporter']) {
      expect((await call('POST', '/api/conversations', who, { kind: 'channel', name: 'x' })).statusCode).toBe(
        403,
      );
      expect((await channels(who)).can.createChannel).toBe(false);
    }
    expect((await channels('center_staff')).can.createChannel).toBe(true);
    expect((await channels('admin')).can.createChannel).toBe(true);
  });

  it('refuses an unknown area or qualification with a readable 400', async () => {
    for (const audience of [
      { kind: 'area', code: 'atlantis' },
      { kind: 'profession', code: 'wizard' },
    ]) {
      const res = await call('POST', '/api/conversations', 'center_staff', {
        kind: 'channel',
        name: 'x',
        audience,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().details[0].field).toBe('audience');
    }
    const res = await call('POST', '/api/conversations', 'center_staff', {
      kind: 'channel',
      name: 'x',
      audience: { kind: 'town', code: 'x' },
    });
    expect(res.statusCode).toBe(400);
  });

  it('joins the people of its audience to an open channel for an area', async () => {
    const { rows } = await t.database.db.execute(
      sql`SELECT p.user_id FROM coordinator_profiles p JOIN users u ON u.id = p.user_id
        WHERE u.status = 'active' AND '31-west' = ANY(p.area_codes)`,
    );
    expect(rows.length).toBeGreaterThan(0);
    const res = await call('POST', '/api/conversations', 'center_staff', {
      kind: 'channel',
      name: '西部の勉強会',
      description: '月1回',
      audience: { kind: 'area', code: '31-west' },
    });
    expect(res.statusCode).toBe(201);
    const members = await memberIds(res.json().id);
    expect(members).toEqual(
      expect.arrayContaining([users.center_staff!.id, ...rows.map((r) => String(r.user_id))]),
    );
    const [logged] = await t.database.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.targetId, res.json().id));
    expect(logged).toMatchObject({ action: 'channel.created', actorId: users.center_staff!.id });
    const listed = (await channels('c')).items.find((c) => c.id === res.json().id);
    expect(listed?.audience).toEqual({ kind: 'area', code: '31-west' });
  });
});

describe('joined to my own channels', () => {
  const areaChannel = async (code: string) =>
    (await channels('a')).items.find((c) => c.channelKind === 'area' && c.channelKey === code)!.id;
  const professionChannel = async (code: string) =>
    (await channels('a')).items.find((c) => c.channelKind === 'profession' && c.channelKey === code)!.id;
  const saveProfile = (who: string, payload: object) => call('PATCH', '/api/me/profile', who, payload);

  it('joins my 圏域 and qualification channels when I save my profile, and not again after I leave one', async () => {
    const east = await areaChannel('31-east');
    const pt = await professionChannel('physical_therapist');
    await t.database.db.execute(
      sql`DELETE FROM conversation_members WHERE user_id = ${users.c!.id} AND conversation_id IN (${east}, ${pt})`,
    );
    const saved = await saveProfile('c', {
      municipalities: ['31201'],
      qualifications: [{ code: 'physical_therapist', years: 2 }],
    });
    expect(saved.statusCode).toBe(200);
    await expect.poll(() => memberIds(east)).toContain(users.c!.id);
    await expect.poll(() => memberIds(pt)).toContain(users.c!.id);
    expect((await call('POST', `/api/conversations/${east}/leave`, 'c', {})).statusCode).toBe(200);
    await saveProfile('c', { introduction: 'もう一度保存' });
    // The other channel is still joined; the one left stays left.
    await new Promise((r) => setTimeout(r, 300));
    expect(await memberIds(east)).not.toContain(users.c!.id);
    expect(await memberIds(pt)).toContain(users.c!.id);
    // They may still join it themselves.
    expect((await call('POST', `/api/conversations/${east}/join`, 'c', {})).statusCode).toBe(200);
  });

  it('joins a newly activated account to its channels', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/invitations',
      headers: bearer(users.center_staff!.token),
      payload: { email: 'channel.newcomer@example.jp', displayName: '架空 新人', role: 'coordinator' },
    });
    expect(res.statusCode).toBe(201);
    const [user] = await t.database.db
      .select()
      .from(schema.users)
      .where(eq(schema.users.email, 'channel.newcomer@example.jp'));
    await t.database.db.execute(sql`
      INSERT INTO coordinator_profiles (user_id, display_name, area_codes, qualification_codes)
      VALUES (${user!.id}, '架空 新人', '{31-central}', '{nurse}')
      ON CONFLICT (user_id) DO UPDATE SET area_codes = '{31-central}', qualification_codes = '{nurse}'`);
    const central = await areaChannel('31-central');
    const nurse = await professionChannel('nurse');
    expect(await memberIds(central)).not.toContain(user!.id);
    const mails = await t.database.db
      .select()
      .from(schema.outbox)
      .where(eq(schema.outbox.to, 'channel.newcomer@example.jp'));
    const token = mails.at(-1)!.body.match(/\/invite\/([\w-]+)/)![1]!;
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token, password: 'a long enough passphrase' },
    });
    expect(ok.statusCode).toBe(200);
    await expect.poll(() => memberIds(central)).toContain(user!.id);
    await expect.poll(() => memberIds(nurse)).toContain(user!.id);
  });
});

describe('groups of every role', () => {
  it('finds supporters and centre staff by name, not the searcher, and refuses bad input', async () => {
    const supporterName = (
      await t.database.db.select().from(schema.users).where(eq(schema.users.id, users.supporter!.id))
    )[0]!.displayName;
    const found = await call(
      'GET',
      `/api/messaging/people?q=${encodeURIComponent(supporterName.slice(0, 2))}`,
      'a',
    );
    expect(found.statusCode).toBe(200);
    expect(found.json().items.map((p: { id: string }) => p.id)).toContain(users.supporter!.id);
    const centreName = (
      await t.database.db.select().from(schema.users).where(eq(schema.users.id, users.center_staff!.id))
    )[0]!.displayName;
    const centre = await call(
      'GET',
      `/api/messaging/people?q=${encodeURIComponent(centreName.slice(0, 2))}`,
      'a',
    );
    expect(centre.json().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: users.center_staff!.id, role: 'center_staff' })]),
    );
    const self = await call(
      'GET',
      `/api/messaging/people?q=${encodeURIComponent(centreName.slice(0, 2))}`,
      'center_staff',
    );
    expect(self.json().items.map((p: { id: string }) => p.id)).not.toContain(users.center_staff!.id);
    expect((await call('GET', '/api/messaging/people?q=', 'a')).statusCode).toBe(400);
    expect((await call('GET', '/api/messaging/people?q=%20', 'a')).statusCode).toBe(400);
    expect((await call('GET', '/api/messaging/people?q=x', null)).statusCode).toBe(401);
  });

  it('makes a group of more than 10 people of any role, and refuses more than 100 with a clear message', async () => {
    const { rows } = await t.database.db.execute(
      sql`SELECT id FROM users WHERE status = 'active' AND id <> ${users.a!.id} ORDER BY email LIMIT 150`,
    );
    const ids = rows.map((r) => String(r.id));
    const twenty = [...ids.slice(0, 18), users.supporter!.id, users.center_staff!.id];
    const res = await call('POST', '/api/conversations', 'a', {
      kind: 'group',
      name: '大きな会',
      memberIds: [...new Set(twenty)],
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().memberCount).toBeGreaterThan(10);
    expect(res.json().can).toEqual({ post: true, leave: true, addMembers: true, removeMembers: true });
    // Per member: the creator may remove others, not themselves (that is leaving); a member may remove nobody.
    const detail = res.json() as ConversationDetail;
    for (const m of detail.members) expect(m.can.remove, m.displayName).toBe(m.userId !== users.a!.id);
    const asMember = (
      await call('GET', `/api/conversations/${detail.id}`, 'supporter')
    ).json() as ConversationDetail;
    expect(asMember.members.every((m) => !m.can.remove)).toBe(true);
    // The cap is checked before anyone is looked up: ids that do not exist show it as well.
    const strangers = Array.from({ length: 101 }, () => randomUUID());
    const tooMany = await call('POST', '/api/conversations', 'a', {
      kind: 'group',
      name: '多すぎ',
      memberIds: strangers,
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().details[0]).toMatchObject({ field: 'memberIds' });
    expect(JSON.stringify(tooMany.json())).toContain('100');
    const more = await call('POST', `/api/conversations/${res.json().id}/members`, 'a', {
      userIds: strangers.slice(0, 90),
    });
    expect(more.statusCode).toBe(400);
    expect(more.json().details[0]).toMatchObject({ field: 'userIds' });
    expect(await memberIds(res.json().id)).toHaveLength(res.json().memberCount);
  });
});
