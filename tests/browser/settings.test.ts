import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../harness/app.ts';
import { expectNoSeriousA11yViolations } from '../harness/axe.ts';
import { launchBrowser, newAppContext } from '../harness/chromium.ts';
import { PHONE_WIDTH, byTestId, expectNoHorizontalScrollAtPhoneWidth, signIn } from '../harness/session.ts';

/**
 * Issue 10: the admin sets a closure day on the settings page and reads it in the audit log
 * (filters, CSV); the centre reads the settings without changing them; the bell stays visible
 * beside its count; notifications say what they concern. At 1280 and 375 px, with axe.
 */
describe('settings, audit log and notifications', () => {
  let app: RunningApp;
  let browser: Browser;
  let adminContext: BrowserContext;
  let centreContext: BrowserContext;
  let admin: Page;
  let centre: Page;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    [adminContext, centreContext] = await Promise.all([
      newAppContext(browser, app.baseUrl),
      newAppContext(browser, app.baseUrl),
    ]);
    [admin, centre] = await Promise.all([adminContext.newPage(), centreContext.newPage()]);
    for (const p of [admin, centre]) {
      p.setDefaultTimeout(15_000);
      await p.setViewportSize({ width: 1280, height: 900 });
    }
  });
  afterAll(async () => {
    await Promise.all([adminContext?.close(), centreContext?.close()]);
    await browser?.close();
    await app?.stop();
  });

  /** The bell's icon and its count must not overlap (the count used to hide the bell). */
  async function expectBellVisibleBesideBadge(page: Page) {
    const badge = byTestId(page, 'notifications-badge');
    await badge.waitFor();
    const icon = await byTestId(page, 'nav-notifications').locator('svg').boundingBox();
    const count = await badge.boundingBox();
    expect(icon && count).toBeTruthy();
    const overlap =
      icon!.x < count!.x + count!.width &&
      count!.x < icon!.x + icon!.width &&
      icon!.y < count!.y + count!.height &&
      count!.y < icon!.y + icon!.height;
    expect(overlap, `bell ${JSON.stringify(icon)} under badge ${JSON.stringify(count)}`).toBe(false);
  }

  it('the centre sees the bell beside its count, and notifications that say what they concern', async () => {
    await signIn(centre, 'center');
    await expectBellVisibleBesideBadge(centre);
    await byTestId(centre, 'nav-notifications').click();
    await centre.waitForURL((u) => u.pathname === '/notifications');
    const items = byTestId(centre, 'notification');
    await items.first().waitFor();
    // Each notification about a record names it (its kind and title or reference).
    const subjects = await byTestId(centre, 'notification-subject').allTextContents();
    expect(subjects.length).toBeGreaterThan(0);
    expect(subjects.every((s) => /：|:/.test(s))).toBe(true);
    await expectNoSeriousA11yViolations(centre);
    await centre.setViewportSize(PHONE_WIDTH);
    await expectBellVisibleBesideBadge(centre);
    await expectNoHorizontalScrollAtPhoneWidth(centre, items.first());
    await expectNoSeriousA11yViolations(centre);
  });

  it('the centre reads the settings at 375 px without a way to change them, and has no audit log', async () => {
    await byTestId(centre, 'nav-settings').click();
    await centre.waitForURL((u) => u.pathname === '/admin/settings');
    await byTestId(centre, 'settings-read-only').waitFor();
    await byTestId(centre, 'response-targets').waitFor();
    expect(await byTestId(centre, 'targets-save').count()).toBe(0);
    expect(await byTestId(centre, 'closure-add').count()).toBe(0);
    expect(await centre.locator('#target-urgent-amount').isDisabled()).toBe(true);
    expect(await byTestId(centre, 'nav-audit-log').count()).toBe(0);
    await expectNoHorizontalScrollAtPhoneWidth(centre, byTestId(centre, 'closure-days'));
    await expectNoSeriousA11yViolations(centre);
  });

  it('the admin adds a closure day with the date picker; the same day again is refused clearly', async () => {
    await signIn(admin, 'admin');
    await byTestId(admin, 'nav-settings').click();
    await admin.waitForURL((u) => u.pathname === '/admin/settings');
    await byTestId(admin, 'closure-add').waitFor();
    expect(await byTestId(admin, 'settings-read-only').count()).toBe(0);
    await expectNoSeriousA11yViolations(admin);

    for (const attempt of [1, 2]) {
      await admin.locator('#closure-date').fill('2027-02-10');
      await admin.keyboard.press('Escape');
      await byTestId(admin, 'closure-note').fill('職員研修');
      const answer = admin.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith('/api/settings/closure-days'),
      );
      await byTestId(admin, 'closure-add').click();
      expect((await answer).status()).toBe(attempt === 1 ? 201 : 409);
    }
    await byTestId(admin, 'closure-error').getByText('この日はすでに休業日です。').waitFor();
    expect(await byTestId(admin, 'closure-day').count()).toBe(1);
    await byTestId(admin, 'closure-remove-2027-02-10').waitFor();
    await expectNoSeriousA11yViolations(admin);
    await expectNoHorizontalScrollAtPhoneWidth(admin, byTestId(admin, 'closure-days'));
    // The centre, reloading, sees the day but cannot remove it.
    await centre.reload();
    await byTestId(centre, 'closure-day').waitFor();
    expect(await byTestId(centre, 'closure-remove-2027-02-10').count()).toBe(0);
  });

  it('the admin finds it in the audit log, filters by action and actor, and downloads the CSV', async () => {
    await byTestId(admin, 'nav-audit-log').click();
    await admin.waitForURL((u) => u.pathname === '/admin/audit-log');
    await byTestId(admin, 'audit-action-cell').first().waitFor();
    await expectNoSeriousA11yViolations(admin);

    await byTestId(admin, 'audit-action').click();
    await admin.getByRole('option', { name: /休業日の追加/ }).click();
    await byTestId(admin, 'audit-search').click();
    await expect.poll(() => byTestId(admin, 'audit-total').textContent()).toBe('1件');
    expect(await byTestId(admin, 'audit-action-cell').allTextContents()).toEqual(['休業日の追加']);
    await byTestId(admin, 'audit-actor').first().click();
    await byTestId(admin, 'audit-actor-filter').waitFor();
    await expect.poll(() => byTestId(admin, 'audit-total').textContent()).toBe('1件');

    const downloading = admin.waitForEvent('download');
    await byTestId(admin, 'audit-download').click();
    const file = await readFile((await (await downloading).path())!);
    expect([...file.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = file
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r\n/);
    expect(lines[0]).toContain('actor_name');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('settings.closure_day_added');
    expect(lines[1]).toContain('職員研修');

    await expectNoHorizontalScrollAtPhoneWidth(admin, byTestId(admin, 'audit-filters'));
    await admin.setViewportSize(PHONE_WIDTH);
    await expectNoSeriousA11yViolations(admin);
  });
});
