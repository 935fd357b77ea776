import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../harness/app.ts';
import { expectNoSeriousA11yViolations } from '../harness/axe.ts';
import { launchBrowser, newAppContext } from '../harness/chromium.ts';
import {
  DEMO_EMAILS,
  DEMO_PASSWORD,
  DEMO_TOTP_SECRET,
  byTestId,
  expectNoHorizontalScrollAtPhoneWidth,
  signIn,
  totpCode,
  wrongTotpCode,
} from '../harness/session.ts';

/**
 * Invitation-only accounts: the centre (password + TOTP) invites a coordinator, the admin reads
 * the link in the outbox, the invitee sets a password in a fresh browser and signs in.
 */
describe('accounts: invite a coordinator, accept, sign in', () => {
  let app: RunningApp;
  let browser: Browser;
  let centerContext: BrowserContext;
  let adminContext: BrowserContext;
  let inviteeContext: BrowserContext;
  let center: Page;
  let admin: Page;
  let invitee: Page;
  let inviteLink = '';

  // A fictional invitee.
  const newcomer = {
    email: 'kasou.aoi@example.jp',
    name: '架空 葵',
    kana: 'かくう あおい',
    password: 'mizuumi-no-hotori-de-2026',
  };

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    [centerContext, adminContext, inviteeContext] = await Promise.all([
      newAppContext(browser, app.baseUrl),
      newAppContext(browser, app.baseUrl),
      newAppContext(browser, app.baseUrl),
    ]);
    [center, admin, invitee] = await Promise.all([
      centerContext.newPage(),
      adminContext.newPage(),
      inviteeContext.newPage(),
    ]);
    for (const p of [center, admin, invitee]) p.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await Promise.all([centerContext?.close(), adminContext?.close(), inviteeContext?.close()]);
    await browser?.close();
    await app?.stop();
  });

  const loginAnswer = (page: Page) =>
    page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/auth/login' && r.request().method() === 'POST',
    );

  it('the centre staff member signs in with password and a TOTP code', async () => {
    await center.goto('/login');
    await byTestId(center, 'login-email').fill(DEMO_EMAILS.center);
    await byTestId(center, 'login-password').fill(DEMO_PASSWORD);
    let answered = loginAnswer(center);
    await byTestId(center, 'login-submit').click();
    expect((await answered).status()).toBe(401);

    // The code field appears only now, focused, with its hint.
    const code = byTestId(center, 'login-totp');
    await code.waitFor();
    await expect.poll(() => code.evaluate((el) => el === document.activeElement)).toBe(true);
    await expect.poll(() => center.getByText('認証アプリに表示されている6桁のコード').count()).toBe(1);
    await expectNoSeriousA11yViolations(center);

    // A wrong code (none of the codes around now) is refused with a readable message.
    await code.fill(wrongTotpCode(DEMO_TOTP_SECRET));
    answered = loginAnswer(center);
    await byTestId(center, 'login-submit').click();
    expect((await answered).status()).toBe(401);
    const alert = center.getByRole('alert');
    await alert.waitFor();
    expect((await alert.textContent())?.trim()).not.toBe('');

    await code.fill(await totpCode(`${app.baseUrl}|${DEMO_EMAILS.center}`, DEMO_TOTP_SECRET));
    answered = loginAnswer(center);
    await byTestId(center, 'login-submit').click();
    expect((await answered).status()).toBe(200);
    await byTestId(center, 'nav-logout').waitFor();
    await center.waitForURL((u) => u.pathname === '/');
    // Centre staff see the management links, but not the admin's outbox.
    await byTestId(center, 'nav-invitations').waitFor();
    expect(await byTestId(center, 'nav-outbox').count()).toBe(0);
  });

  it('invites a new coordinator through the invitation dialog', async () => {
    await byTestId(center, 'nav-invitations').click();
    await center.waitForURL((u) => u.pathname === '/admin/invitations');
    await byTestId(center, 'invitations-table').waitFor();
    await byTestId(center, 'invite-open').click();
    const dialog = center.getByRole('dialog');
    await dialog.waitFor();
    await expect.poll(() => dialog.textContent()).toContain('新しいユーザーを招待');
    await byTestId(center, 'invite-email').fill(newcomer.email);
    await byTestId(center, 'invite-name').fill(newcomer.name);
    await byTestId(center, 'invite-kana').fill(newcomer.kana);
    await expect.poll(() => byTestId(center, 'invite-role').textContent()).toContain('コーディネーター');
    await expectNoSeriousA11yViolations(center);

    const created = center.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/admin/invitations' && r.request().method() === 'POST',
    );
    await byTestId(center, 'invite-submit').click();
    const response = await created;
    expect(response.status()).toBeLessThan(300);
    expect(response.request().postDataJSON()).toMatchObject({
      email: newcomer.email,
      displayName: newcomer.name,
      displayKana: newcomer.kana,
      role: 'coordinator',
    });
    await dialog.waitFor({ state: 'hidden' });
    await center.getByText('招待を作成しました。').waitFor();
    const row = byTestId(center, 'invitations-table').getByRole('row').filter({ hasText: newcomer.email });
    await row.waitFor();
    expect(await row.textContent()).toContain('未承諾');
  });

  it('the admin (TOTP) reads the invitation link in the outbox', async () => {
    await signIn(admin, 'admin');
    await byTestId(admin, 'nav-outbox').click();
    await admin.waitForURL((u) => u.pathname === '/admin/outbox');
    const table = byTestId(admin, 'outbox-table');
    const row = table.getByRole('row').filter({ hasText: newcomer.email });
    await row.waitFor();
    const body = (await row.locator('[data-testid="outbox-body"]').textContent()) ?? '';
    expect(body).toContain(`${newcomer.name} 様`);
    const escaped = app.baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const match = new RegExp(`${escaped}/invite/[A-Za-z0-9_-]+`).exec(body);
    expect(match, `no invitation link in the mail:\n${body}`).not.toBeNull();
    inviteLink = match![0];
  });

  it('the admin pages pass axe and do not scroll sideways on a phone', async () => {
    const pages = [
      { nav: 'nav-invitations', path: '/admin/invitations', ready: 'invitations-table' },
      { nav: 'nav-users', path: '/admin/users', ready: 'users-table' },
      { nav: 'nav-outbox', path: '/admin/outbox', ready: 'outbox-table' },
      { nav: 'nav-import', path: '/admin/import', ready: 'import-dryrun' },
    ];
    for (const { nav, path, ready } of pages) {
      await byTestId(admin, nav).click();
      await admin.waitForURL((u) => u.pathname === path);
      await byTestId(admin, ready).waitFor();
      // Tables have loaded their first page (no loading mask left).
      await expect.poll(() => admin.locator('.p-datatable-mask').count()).toBe(0);
      await expectNoSeriousA11yViolations(admin);
      await expectNoHorizontalScrollAtPhoneWidth(admin, byTestId(admin, ready));
    }
    // The users page finds the invitee, still invited.
    await byTestId(admin, 'nav-users').click();
    await byTestId(admin, 'users-q').fill('かくう');
    const searched = admin.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/admin/users' && new URL(r.url()).searchParams.has('q'),
    );
    await byTestId(admin, 'users-q').press('Enter');
    await searched;
    const row = byTestId(admin, 'users-table').getByRole('row').filter({ hasText: newcomer.email });
    await row.waitFor();
  });

  it('the invitee opens the link in a fresh browser and sets a password (a too-short one first)', async () => {
    expect(inviteLink).not.toBe('');
    await invitee.goto(inviteLink);
    await byTestId(invitee, 'new-password').waitFor();
    await expect.poll(() => invitee.locator('main').textContent()).toContain(newcomer.name);
    expect(await invitee.locator('main').textContent()).toContain(newcomer.email);
    await expectNoSeriousA11yViolations(invitee);
    await expectNoHorizontalScrollAtPhoneWidth(invitee, byTestId(invitee, 'invite-submit'));

    const passwordInput = byTestId(invitee, 'new-password');
    await passwordInput.fill('mijikai7');
    await byTestId(invitee, 'new-password-confirm').fill('mijikai7');
    let accepted = invitee.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/invitations/accept' && r.request().method() === 'POST',
    );
    await byTestId(invitee, 'invite-submit').click();
    expect((await accepted).status()).toBe(400);
    const alert = invitee.getByRole('alert');
    await alert.waitFor();
    await expect.poll(() => alert.textContent()).toContain('13文字以上');
    // The reason is also tied to the field for screen readers.
    await expect.poll(() => passwordInput.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await passwordInput.getAttribute('aria-describedby')) ?? '';
    const description = await invitee.evaluate(
      (ids) =>
        ids
          .split(/\s+/)
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      describedBy,
    );
    expect(description).toContain('13文字以上');
    await expectNoSeriousA11yViolations(invitee);

    await passwordInput.fill(newcomer.password);
    await byTestId(invitee, 'new-password-confirm').fill(newcomer.password);
    accepted = invitee.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/invitations/accept' && r.request().method() === 'POST',
    );
    await byTestId(invitee, 'invite-submit').click();
    expect((await accepted).status()).toBeLessThan(300);
    await invitee.getByText('パスワードを設定しました。ログインしてください。').waitFor();
    await expectNoSeriousA11yViolations(invitee);
  });

  it('signs in as the new coordinator', async () => {
    await invitee.getByRole('link', { name: 'ログイン画面へ' }).click();
    await invitee.waitForURL((u) => u.pathname === '/login');
    await signIn(invitee, { email: newcomer.email, password: newcomer.password });
    await byTestId(invitee, 'directory-total').waitFor();
    // A coordinator has no management links.
    expect(await byTestId(invitee, 'nav-invitations').count()).toBe(0);
    await byTestId(invitee, 'nav-profile').click();
    const name = byTestId(invitee, 'profile-name');
    await name.waitFor();
    await expect.poll(() => name.inputValue()).toBe(newcomer.name);
    await expect.poll(() => byTestId(invitee, 'profile-kana').inputValue()).toBe(newcomer.kana);

    // The centre sees the invitation accepted: gone from the pending list (the default view)…
    const invitationsListed = () =>
      center.waitForResponse((r) => new URL(r.url()).pathname === '/api/admin/invitations');
    let listed = invitationsListed();
    await center.reload();
    await listed;
    const table = byTestId(center, 'invitations-table');
    const row = table.getByRole('row').filter({ hasText: newcomer.email });
    await expect.poll(() => center.locator('.p-datatable-mask').count()).toBe(0);
    expect(await row.count()).toBe(0);
    // …and listed with its acceptance time once "未承諾のみ" is unticked.
    const pendingOnly = center.getByLabel('未承諾のみ');
    expect(await pendingOnly.isChecked()).toBe(true);
    listed = invitationsListed();
    await pendingOnly.uncheck();
    await listed;
    await row.waitFor();
    expect(await row.textContent()).not.toContain('未承諾');
    await expectNoSeriousA11yViolations(center);
  });
});
