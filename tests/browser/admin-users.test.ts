import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../harness/app.ts';
import { expectNoSeriousA11yViolations } from '../harness/axe.ts';
import { launchBrowser, newAppContext } from '../harness/chromium.ts';
import { PHONE_WIDTH, byTestId, expectNoHorizontalScrollAtPhoneWidth, signIn } from '../harness/session.ts';

/**
 * The admin's user list: readable on a phone, role and status changes confirmed by name and
 * reverted when the server refuses them; and a signed-out visitor causes no error in the console.
 */
describe('admin users, invitations and outbox; signed-out pages', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    context = await newAppContext(browser, app.baseUrl);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') consoleErrors.push(`${page.url()}: ${m.text()}`);
    });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
  });

  it('signed-out pages log no error (the refresh without a cookie answers "no session")', async () => {
    for (const path of ['/', '/login', '/reset-password']) {
      const refreshed = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/refresh');
      await page.goto(path);
      expect((await refreshed).status()).toBe(204);
      await byTestId(page, 'login-email').or(page.locator('h1')).first().waitFor();
    }
    await page.waitForLoadState('networkidle');
    expect(consoleErrors).toEqual([]);
  });

  const row = (email: string) => byTestId(page, 'users-table').locator('tr', { hasText: email });

  async function findUser(email: string) {
    await byTestId(page, 'users-q').fill(email);
    await byTestId(page, 'users-q').press('Enter');
    await expect.poll(() => byTestId(page, 'users-table').locator('tbody tr').count()).toBe(1);
    return row(email);
  }

  async function pick(control: ReturnType<Page['locator']>, option: string) {
    await control.click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  it('a role change asks for confirmation naming the person and the role; cancel keeps the role', async () => {
    await signIn(page, 'admin');
    consoleErrors.length = 0; // the sign-in's first answer asks for the TOTP code (401): by design
    await page.goto('/admin/users');
    const target = await findUser('coordinator2@example.jp');
    const name = (await target.locator('td').first().innerText()).replace(/^.*\n/, '').trim();
    const role = target.locator('[data-testid="user-role"]');
    await expect.poll(() => role.innerText()).toContain('コーディネーター');

    await pick(role, '支援者');
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(`${name} さんの役割を「支援者」に変更しますか？`);
    await expectNoSeriousA11yViolations(page);
    await dialog.getByRole('button', { name: 'キャンセル' }).click();
    await dialog.waitFor({ state: 'detached' });
    await expect.poll(() => role.innerText()).toContain('コーディネーター');

    await pick(role, '支援者');
    await page.getByRole('alertdialog').getByRole('button', { name: '変更する' }).click();
    await page.getByText('ユーザーを更新しました。').waitFor();
    await expect.poll(() => target.locator('[data-testid="user-role"]').innerText()).toContain('支援者');
    // Back as it was, for the other journeys.
    await pick(target.locator('[data-testid="user-role"]'), 'コーディネーター');
    await page.getByRole('alertdialog').getByRole('button', { name: '変更する' }).click();
    await expect
      .poll(() => target.locator('[data-testid="user-role"]').innerText())
      .toContain('コーディネーター');
  });

  it('a change the server refuses reverts the control and shows the server’s message', async () => {
    const target = await findUser('coordinator2@example.jp');
    const status = target.locator('[data-testid="user-status"]');
    await expect.poll(() => status.innerText()).toContain('有効');
    // An active account cannot go back to invited: the server says so.
    await pick(status, '招待中');
    const refused = page.waitForResponse(
      (r) => r.request().method() === 'PATCH' && new URL(r.url()).pathname.startsWith('/api/admin/users/'),
    );
    await page.getByRole('alertdialog').getByRole('button', { name: '変更する' }).click();
    expect((await refused).status()).toBe(400);
    await expect.poll(() => byTestId(page, 'users-error').innerText()).toContain('招待中には戻せません');
    await expect.poll(() => status.innerText()).toContain('有効');
    consoleErrors.length = 0; // the refused PATCH is logged by the browser; that is expected here
  });

  it('own row: no controls (the server says the admin may not change their own account)', async () => {
    const self = await findUser('admin@example.jp');
    expect(await self.locator('[data-testid="user-role"]').count()).toBe(0);
    expect(await self.locator('[data-testid="user-status"]').count()).toBe(0);
  });

  it('at 375 px the users, invitations and outbox tables are cards of label and value, not one-letter columns', async () => {
    await page.setViewportSize(PHONE_WIDTH);
    try {
      await byTestId(page, 'users-q').fill('');
      await byTestId(page, 'users-q').press('Enter');
      await expect.poll(() => byTestId(page, 'users-table').locator('tbody tr').count()).toBeGreaterThan(5);
      await expectNoHorizontalScrollAtPhoneWidth(page, byTestId(page, 'users-table'));
      // An e-mail address is laid out on a line or two, not a character per line.
      const email = byTestId(page, 'users-table').locator('tbody tr td').nth(1);
      expect((await email.boundingBox())!.width).toBeGreaterThan(250);
      expect((await email.boundingBox())!.height).toBeLessThan(80);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      expect(height).toBeLessThan(6000);
      await expectNoSeriousA11yViolations(page);
      // The confirmation fits the phone and passes axe too.
      await pick(byTestId(page, 'user-status').first(), '無効');
      await page.getByRole('alertdialog').waitFor();
      await expectNoSeriousA11yViolations(page);
      await page.getByRole('alertdialog').getByRole('button', { name: 'キャンセル' }).click();

      for (const [path, table] of [
        ['/admin/invitations', 'invitations-table'],
        ['/admin/outbox', 'outbox-table'],
      ] as const) {
        await page.goto(path);
        await byTestId(page, table).locator('tbody tr').first().waitFor();
        await expectNoHorizontalScrollAtPhoneWidth(page, byTestId(page, table));
        const first = byTestId(page, table).locator('tbody tr td').first();
        expect((await first.boundingBox())!.width).toBeGreaterThan(250);
        await expectNoSeriousA11yViolations(page);
      }
    } finally {
      await page.setViewportSize({ width: 1280, height: 800 });
    }
    expect(consoleErrors).toEqual([]);
  });
});
