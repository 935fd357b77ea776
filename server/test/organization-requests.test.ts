import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Notification } from '@tsunagu/shared';
import { bearer, setupApp, type TestApp } from './helper.ts';
import { closeAll, connect, listen, sleep, type ClientSocket } from './support/sockets.ts';

// The centre decides organisation requests, so it is told when one arrives (issue 8, item 1):
// stored for every active centre staff member and pushed to their open sockets at once.

let t: TestApp;
let url: string;
const open: ClientSocket[] = [];
const q = (text: string, params: unknown[] = []) => t.database.pool.query(text, params);

beforeAll(async () => {
  t = await setupApp();
  url = await listen(t.app);
});
afterAll(async () => {
  closeAll(open);
  await t?.close();
});

/** A centre staff account made for this test, active or disabled. */
async function staff(status: 'active' | 'disabled') {
  const { rows } = await q(
    `INSERT INTO users (email, display_name, role, status) VALUES ($1, '架空 職員', 'center_staff', $2) RETURNING id`,
    [`centre-${status}-${Date.now()}@example.jp`, status],
  );
  return rows[0].id as string;
}

const notificationsOf = async (subjectId: string) =>
  (
    await q(
      `SELECT user_id, kind, link FROM notifications WHERE subject_type = 'organization_request' AND subject_id = $1`,
      [subjectId],
    )
  ).rows as {
    user_id: string;
    kind: string;
    link: string;
  }[];

describe('a new organisation request notifies the centre', () => {
  it('each active centre staff member is notified once (live on an open socket); the requester, admins and disabled staff are not', async () => {
    const centreToken = await t.token('center_staff');
    const centreId = (await q(`SELECT id FROM users WHERE email = 'center@example.jp'`)).rows[0].id as string;
    const otherStaff = await staff('active');
    const disabledStaff = await staff('disabled');
    const coordinator = await t.login('coordinator2@example.jp');
    const coordinatorId = (coordinator.body.user as { id: string }).id;
    const target = (
      await q(
        `SELECT id FROM organizations WHERE id <> (SELECT organization_id FROM users WHERE id = $1) ORDER BY name LIMIT 1`,
        [coordinatorId],
      )
    ).rows[0].id;

    const socket = await connect(url, centreToken);
    open.push(socket);
    const pushed = new Promise<{ notification: Notification; unread: number }>((resolve) =>
      socket.once('notification', resolve),
    );

    const asked = await t.app.inject({
      method: 'POST',
      url: '/api/organization-requests',
      headers: bearer(coordinator.body.accessToken as string),
      payload: { organizationId: target, note: '4月に異動しました' },
    });
    expect(asked.statusCode).toBe(201);
    const requestId = asked.json().id as string;

    const event = await Promise.race([
      pushed,
      sleep(2_000).then(() =>
        Promise.reject(new Error('no notification reached the centre’s socket within 2 s')),
      ),
    ]);
    expect(event.notification).toMatchObject({
      kind: 'organization_request.created',
      link: '/admin/organization-requests',
      readAt: null,
    });
    expect(event.unread).toBe(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/notifications/unread-count',
          headers: bearer(centreToken),
        })
      ).json().unread,
    );

    const stored = await notificationsOf(requestId);
    expect(stored.map((n) => n.user_id).sort()).toEqual([centreId, otherStaff].sort());
    expect(
      stored.every(
        (n) => n.kind === 'organization_request.created' && n.link === '/admin/organization-requests',
      ),
    ).toBe(true);
    expect(stored.map((n) => n.user_id)).not.toContain(disabledStaff);
    expect(stored.map((n) => n.user_id)).not.toContain(coordinatorId);

    // The centre's list shows it as a notification to act on.
    const list = (
      await t.app.inject({
        method: 'GET',
        url: '/api/notifications?unread=true',
        headers: bearer(centreToken),
      })
    ).json();
    expect(
      list.items.some(
        (n: Notification) => n.kind === 'organization_request.created' && n.id === event.notification.id,
      ),
    ).toBe(true);
  });

  it('a refused request (an unknown organisation) notifies nobody', async () => {
    const before = Number(
      (await q(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'organization_request.created'`))
        .rows[0].n,
    );
    const coordinator = await t.login('coordinator3@example.jp');
    const refused = await t.app.inject({
      method: 'POST',
      url: '/api/organization-requests',
      headers: bearer(coordinator.body.accessToken as string),
      payload: { organizationId: '00000000-0000-4000-8000-000000000000' },
    });
    expect(refused.statusCode).toBe(400);
    expect(
      Number(
        (await q(`SELECT count(*)::int AS n FROM notifications WHERE kind = 'organization_request.created'`))
          .rows[0].n,
      ),
    ).toBe(before);
  });
});
