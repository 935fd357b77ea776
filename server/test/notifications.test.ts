import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification } from '@tsunagu/shared';
import { bearer, setupApp, type TestApp } from './helper.ts';

// Notifications (issue 9/10): each user reads and marks only their own, and two with the same
// title can be told apart by what they concern and who acted.

let t: TestApp;
let coordinator: string;
let centre: string;

beforeAll(async () => {
  t = await setupApp();
  coordinator = await t.token('coordinator');
  centre = await t.token('center_staff');
});
afterAll(async () => t?.close());

const call = (method: string, url: string, token: string | null, payload?: object) =>
  t.app.inject({
    method: method as 'GET',
    url,
    ...(token ? { headers: bearer(token) } : {}),
    ...(payload ? { payload } : {}),
  });

const consultation = (title: string) => ({
  title,
  categories: ['service_coordination'],
  ageBand: 'preschool',
  careTypes: ['ventilator'],
  area: '31-west',
  livingSituation: '両親と本児の3人暮らし。',
  tried: '圏域内の事業所に問い合わせた。',
  asked: '受け入れ実績のある事業所の情報がほしい。',
  body: '気管切開あり。',
  urgency: 'normal',
});

describe('notifications', () => {
  it('two replies notify with the same title, told apart by the consultation and who replied', async () => {
    const ids: string[] = [];
    for (const title of ['呼吸器の児の短期入所先を探している', '通学時の吸引を担う人がいない']) {
      const res = await call('POST', '/api/consultations', coordinator, consultation(title));
      expect(res.statusCode).toBe(201);
      ids.push(res.json().id);
      const reply = await call('POST', `/api/consultations/${res.json().id}/replies`, centre, {
        body: '確認します。',
      });
      expect(reply.statusCode).toBe(201);
    }
    const list = await call('GET', '/api/notifications?unread=true', coordinator);
    expect(list.statusCode).toBe(200);
    const replies = (list.json().items as Notification[]).filter((n) => n.kind === 'consultation.reply');
    expect(replies).toHaveLength(2);
    expect(replies[0]!.title).toBe(replies[1]!.title);
    expect(replies.map((n) => n.subject?.label).sort()).toEqual(
      ['呼吸器の児の短期入所先を探している', '通学時の吸引を担う人がいない'].sort(),
    );
    expect(replies.map((n) => n.subject?.ref).sort()).toEqual(ids.map((id) => id.slice(0, 8)).sort());
    const centreName = (
      await t.database.pool.query(`SELECT display_name FROM users WHERE email = 'center@example.jp'`)
    ).rows[0].display_name;
    expect(replies.every((n) => n.actorName === centreName)).toBe(true);
    expect(replies.every((n) => n.can.markRead)).toBe(true);
  });

  it('marks only my own: another user’s notification is not found; marked ones say so in can', async () => {
    const mine = (await call('GET', '/api/notifications', coordinator)).json().items as Notification[];
    const target = mine.find((n) => !n.readAt)!;
    expect((await call('POST', `/api/notifications/${target.id}/read`, centre, {})).statusCode).toBe(404);
    expect((await call('POST', `/api/notifications/${target.id}/read`, coordinator, {})).statusCode).toBe(
      200,
    );
    const after = (await call('GET', '/api/notifications', coordinator)).json().items as Notification[];
    expect(after.find((n) => n.id === target.id)).toMatchObject({ can: { markRead: false } });
    // Nobody else's list shows it.
    const centreList = (await call('GET', '/api/notifications?pageSize=100', centre)).json()
      .items as Notification[];
    expect(centreList.some((n) => n.id === target.id)).toBe(false);
  });

  it('refuses bad input (400) and no token (401)', async () => {
    expect((await call('POST', '/api/notifications/not-a-uuid/read', coordinator, {})).statusCode).toBe(400);
    expect((await call('GET', '/api/notifications?pageSize=0', coordinator)).statusCode).toBe(400);
    expect((await call('GET', '/api/notifications?who=1', coordinator)).statusCode).toBe(400);
    expect((await call('POST', '/api/notifications/read-all', coordinator, { all: true })).statusCode).toBe(
      400,
    );
    expect((await call('GET', '/api/notifications/unread-count', null)).statusCode).toBe(401);
    expect((await call('POST', '/api/notifications/read-all', coordinator, {})).statusCode).toBe(200);
    expect((await call('GET', '/api/notifications/unread-count', coordinator)).json().unread).toBe(0);
  });
});
