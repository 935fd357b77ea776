import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { schema } from '@tsunagu/db';
import { bearer, setupApp, snapshot, totpCode, type TestApp } from './helper.ts';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

const invite = async (role: 'center_staff' | 'admin' | 'coordinator' | 'supporter', payload: object) =>
  t.app.inject({
    method: 'POST',
    url: '/api/admin/invitations',
    headers: bearer(await t.token(role)),
    payload,
  });

async function linkFor(email: string) {
  const mails = await t.database.db.select().from(schema.outbox).where(eq(schema.outbox.to, email));
  return mails.at(-1)!.body.match(/\/invite\/([\w-]+)/)![1]!;
}

describe('invitations', () => {
  it('centre staff invite a coordinator; the link sets a password; the new coordinator signs in and is listed', async () => {
    const res = await invite('center_staff', {
      email: 'new.coordinator@example.jp',
      displayName: '架空 花子',
      displayKana: 'かくう はなこ',
      role: 'coordinator',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({
      email: 'new.coordinator@example.jp',
      role: 'coordinator',
      acceptedAt: null,
    });
    const token = await linkFor('new.coordinator@example.jp');
    const preview = await t.app.inject({ method: 'GET', url: `/api/invitations/${token}` });
    expect(preview.json()).toMatchObject({
      email: 'new.coordinator@example.jp',
      role: 'coordinator',
      totpRequired: false,
    });
    expect((await t.login('new.coordinator@example.jp', 'a long enough passphrase')).status).toBe(401);
    const short = await t.app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token, password: 'twelve-chars' },
    });
    expect(short.statusCode).toBe(400);
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token, password: 'a long enough passphrase' },
    });
    expect(ok.statusCode).toBe(200);
    const login = await t.login('new.coordinator@example.jp', 'a long enough passphrase');
    expect(login.status).toBe(200);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/invitations/accept',
      payload: { token, password: 'another long passphrase' },
    });
    expect(again.statusCode).toBe(400);
    const found = await t.app.inject({
      method: 'GET',
      url: `/api/coordinators?q=${encodeURIComponent('架空花子')}`,
      headers: bearer(await t.token('coordinator')),
    });
    expect(found.json().total).toBe(1);
    const actions = (await t.database.db.select().from(schema.auditLog)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['invitation.created', 'invitation.accepted']));
  });

  it('centre staff cannot invite an admin; admins can', async () => {
    const refused = await invite('center_staff', {
      email: 'new.admin@example.jp',
      displayName: '架空 管理',
      role: 'admin',
    });
    expect(refused.statusCode).toBe(403);
    const ok = await invite('admin', {
      email: 'new.admin@example.jp',
      displayName: '架空 管理',
      role: 'admin',
    });
    expect(ok.statusCode).toBe(201);
    const preview = await t.app.inject({
      method: 'GET',
      url: `/api/invitations/${await linkFor('new.admin@example.jp')}`,
    });
    expect(preview.json().totpRequired).toBe(true);
  });

  it('coordinators and supporters may not invite', async () => {
    for (const role of ['coordinator', 'supporter'] as const) {
      const res = await invite(role, {
        email: `x-${role}@example.jp`,
        displayName: '架空',
        role: 'coordinator',
      });
      expect(res.statusCode).toBe(403);
    }
  });

  it('refuses an existing account, bad role, bad e-mail and unknown fields, writing nothing', async () => {
    const before = await snapshot(t);
    for (const payload of [
      { email: 'coordinator@example.jp', displayName: '重複', role: 'coordinator' },
      { email: 'x@example.jp', displayName: '架空', role: 'superuser' },
      { email: 'not-an-email', displayName: '架空', role: 'coordinator' },
      { email: 'x@example.jp', displayName: '', role: 'coordinator' },
      { email: 'x@example.jp', displayName: '架空', role: 'coordinator', status: 'active' },
      {
        email: 'x@example.jp',
        displayName: '架空',
        role: 'coordinator',
        organizationId: '00000000-0000-4000-8000-000000000000',
      },
    ]) {
      const res = await invite('center_staff', payload);
      expect([400, 409], JSON.stringify(payload)).toContain(res.statusCode);
      expect(res.json().message.length).toBeGreaterThan(3);
    }
    expect(await snapshot(t)).toEqual(before);
  });

  it('re-inviting a pending person sends a fresh link and keeps one account', async () => {
    await invite('center_staff', { email: 'twice@example.jp', displayName: '架空 二郎', role: 'supporter' });
    const first = await linkFor('twice@example.jp');
    await invite('center_staff', { email: 'twice@example.jp', displayName: '架空 二郎', role: 'supporter' });
    const second = await linkFor('twice@example.jp');
    expect(second).not.toBe(first);
    expect((await t.app.inject({ method: 'GET', url: `/api/invitations/${first}` })).statusCode).toBe(400);
    const users = await t.database.db
      .select()
      .from(schema.users)
      .where(eq(schema.users.email, 'twice@example.jp'));
    expect(users).toHaveLength(1);
  });

  it('lists invitations for managers; revokes one', async () => {
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/admin/invitations?pending=true',
      headers: bearer(await t.token('center_staff')),
    });
    expect(list.statusCode).toBe(200);
    const pending = list.json().items as { id: string; email: string }[];
    expect(pending.length).toBeGreaterThan(0);
    const victim = pending.find((p) => p.email === 'twice@example.jp')!;
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/invitations/${victim.id}`,
      headers: bearer(await t.token('center_staff')),
    });
    expect(del.statusCode).toBe(200);
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/invitations/${victim.id}`,
      headers: bearer(await t.token('center_staff')),
    });
    expect(again.statusCode).toBe(404);
    expect(
      (
        await t.app.inject({
          method: 'GET',
          url: '/api/admin/invitations',
          headers: bearer(await t.token('coordinator')),
        })
      ).statusCode,
    ).toBe(403);
  });
  it('an invitation of an admin: centre staff see can.revoke false and are refused; admins revoke it', async () => {
    const created = await invite('admin', {
      email: 'future.admin@example.jp',
      displayName: '架空 管理',
      role: 'admin',
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const asCentre = await t.app.inject({
      method: 'GET',
      url: '/api/admin/invitations?pending=true&pageSize=100',
      headers: bearer(await t.token('center_staff')),
    });
    const seen = (asCentre.json().items as { id: string; can: { revoke: boolean } }[]).find(
      (i) => i.id === id,
    )!;
    expect(seen.can).toEqual({ revoke: false });
    const refused = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/invitations/${id}`,
      headers: bearer(await t.token('center_staff')),
    });
    expect(refused.statusCode).toBe(403);
    const ok = await t.app.inject({
      method: 'DELETE',
      url: `/api/admin/invitations/${id}`,
      headers: bearer(await t.token('admin')),
    });
    expect(ok.statusCode).toBe(200);
  });
});

describe('outbox, users and audit', () => {
  it('only admins read the outbox', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/admin/outbox',
      headers: bearer(await t.token('admin')),
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().items[0]).toHaveProperty('subject');
    for (const role of ['coordinator', 'supporter', 'center_staff'] as const)
      expect(
        (
          await t.app.inject({
            method: 'GET',
            url: '/api/admin/outbox',
            headers: bearer(await t.token(role)),
          })
        ).statusCode,
      ).toBe(403);
  });

  it('admins change roles (audited, tokens revoked); centre staff change status only; nobody changes themselves', async () => {
    const admin = await t.token('admin');
    const centre = await t.token('center_staff');
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/admin/users?q=coordinator5%40example.jp',
      headers: bearer(centre),
    });
    const target = list.json().items[0] as { id: string };
    const byCentre = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${target.id}`,
      headers: bearer(centre),
      payload: { role: 'supporter' },
    });
    expect(byCentre.statusCode).toBe(403);
    const byAdmin = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${target.id}`,
      headers: bearer(admin),
      payload: { role: 'supporter' },
    });
    expect(byAdmin.statusCode).toBe(200);
    expect(byAdmin.json().role).toBe('supporter');
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/coordinators/${target.id}`, headers: bearer(admin) }))
        .statusCode,
    ).toBe(404);
    const status = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${target.id}`,
      headers: bearer(centre),
      payload: { status: 'disabled' },
    });
    expect(status.statusCode).toBe(200);
    const me = (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: bearer(admin) })).json();
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/admin/users/${me.id}`,
          headers: bearer(admin),
          payload: { role: 'coordinator' },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/admin/users/${target.id}`,
          headers: bearer(admin),
          payload: { role: 'king' },
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await t.app.inject({
          method: 'PATCH',
          url: `/api/admin/users/${target.id}`,
          headers: bearer(await t.token('coordinator')),
          payload: { status: 'active' },
        })
      ).statusCode,
    ).toBe(403);
    const audit = await t.app.inject({
      method: 'GET',
      url: '/api/admin/audit?action=user.role_changed',
      headers: bearer(admin),
    });
    expect(audit.json().items[0]).toMatchObject({
      action: 'user.role_changed',
      targetId: target.id,
      detail: { from: 'coordinator', to: 'supporter' },
    });
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/admin/audit', headers: bearer(centre) })).statusCode,
    ).toBe(403);
  });

  it('each user says what the caller may change (can), from the same rules the PATCH enforces', async () => {
    const list = async (role: 'center_staff' | 'admin', q: string) =>
      (
        await t.app.inject({
          method: 'GET',
          url: `/api/admin/users?q=${encodeURIComponent(q)}`,
          headers: bearer(await t.token(role)),
        })
      )
        .json()
        .items.find((u: { email: string }) => u.email === q) as { can: Record<string, boolean> };
    expect((await list('center_staff', 'coordinator2@example.jp')).can).toEqual({
      changeRole: false,
      changeStatus: true,
      changeOrganization: true,
    });
    expect((await list('center_staff', 'admin@example.jp')).can).toEqual({
      changeRole: false,
      changeStatus: false,
      changeOrganization: false,
    });
    expect((await list('admin', 'center@example.jp')).can).toEqual({
      changeRole: true,
      changeStatus: true,
      changeOrganization: true,
    });
    // Their own row: nothing, and the PATCH agrees.
    const self = await list('admin', 'admin@example.jp');
    expect(self.can).toEqual({ changeRole: false, changeStatus: false, changeOrganization: false });
  });

  it('two concurrent role changes: one is applied and audited, the other refused (409), never both', async () => {
    const admin = await t.token('admin');
    const target = (
      await t.app.inject({
        method: 'GET',
        url: '/api/admin/users?q=coordinator6%40example.jp',
        headers: bearer(admin),
      })
    ).json().items[0] as { id: string };
    const patch = (role: string) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/admin/users/${target.id}`,
        headers: bearer(admin),
        payload: { role },
      });
    const answers = (await Promise.all([patch('supporter'), patch('center_staff')])).map((r) => r.statusCode);
    expect(answers.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    for (const s of answers) expect([200, 409]).toContain(s);
    const audits = await t.database.db
      .select()
      .from(schema.auditLog)
      .where(eq(schema.auditLog.targetId, target.id));
    const changes = audits.filter((a) => a.action === 'user.role_changed').sort((a, b) => a.id - b.id);
    // Each applied change is audited from the role it really replaced.
    expect(changes.length).toBe(answers.filter((s) => s === 200).length);
    expect(changes[0]!.detail).toMatchObject({ from: 'coordinator' });
  });

  it('a fresh TOTP code is needed for each centre sign-in', () => {
    expect(totpCode()).toMatch(/^\d{6}$/);
  });
});
