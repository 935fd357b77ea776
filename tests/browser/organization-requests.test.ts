import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../harness/app.ts';
import { expectNoSeriousA11yViolations } from '../harness/axe.ts';
import { launchBrowser, newAppContext } from '../harness/chromium.ts';
import { PHONE_WIDTH, byTestId, expectNoHorizontalScrollAtPhoneWidth, signIn } from '../harness/session.ts';

/**
 * Belonging to an organisation is granted, never claimed (issue 8, item 1): the coordinator asks
 * on the profile page, the centre (password + TOTP) is notified and approves on
 * /admin/organization-requests, and the coordinator then sees the new organisation. Both sides
 * act at phone width (375 px).
 */
describe('organisation requests: asked by the coordinator, approved by the centre', () => {
  let app: RunningApp;
  let browser: Browser;
  let coordinatorContext: BrowserContext;
  let centreContext: BrowserContext;
  let coordinator: Page;
  let centre: Page;
  let coordinatorName = '';
  let originalOrg = '';
  let targetOrg = '';

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    [coordinatorContext, centreContext] = await Promise.all([
      newAppContext(browser, app.baseUrl),
      newAppContext(browser, app.baseUrl),
    ]);
    [coordinator, centre] = await Promise.all([coordinatorContext.newPage(), centreContext.newPage()]);
    for (const p of [coordinator, centre]) p.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await Promise.all([coordinatorContext?.close(), centreContext?.close()]);
    await browser?.close();
    await app?.stop();
  });

  const answer = (page: Page, method: string, path: RegExp) =>
    page.waitForResponse((r) => r.request().method() === method && path.test(new URL(r.url()).pathname));

  it('the centre signs in, reads its earlier notifications and finds no request waiting', async () => {
    await signIn(centre, 'center');
    // The demo seed leaves the centre some notifications: clear them so the next one stands out.
    await byTestId(centre, 'nav-notifications').click();
    const readAll = byTestId(centre, 'notifications-read-all');
    await readAll.waitFor();
    if (await readAll.isEnabled()) await readAll.click();
    await byTestId(centre, 'notifications-badge').waitFor({ state: 'detached' });
    await byTestId(centre, 'nav-organization-requests').click();
    await centre.waitForURL((u) => u.pathname === '/admin/organization-requests');
    await centre.getByText('処理待ちの依頼はありません。').waitFor();
    expect(await byTestId(centre, 'notifications-badge').count()).toBe(0);
  });

  it('the coordinator asks on the profile page (at 375 px); the profile keeps the current organisation', async () => {
    await coordinator.setViewportSize(PHONE_WIDTH);
    await signIn(coordinator, 'coordinator');
    await byTestId(coordinator, 'nav-profile').click();
    await coordinator.waitForURL((u) => u.pathname === '/me');
    const name = byTestId(coordinator, 'profile-name');
    await expect.poll(() => name.inputValue()).not.toBe('');
    coordinatorName = await name.inputValue();
    const organization = byTestId(coordinator, 'profile-organization');
    await expect.poll(async () => (await organization.textContent())?.trim()).not.toBe('');
    originalOrg = (await organization.textContent())!.trim();
    await expectNoSeriousA11yViolations(coordinator);
    await expectNoHorizontalScrollAtPhoneWidth(coordinator, byTestId(coordinator, 'org-request-open'));

    await byTestId(coordinator, 'org-request-open').click();
    const dialog = coordinator.getByRole('dialog');
    await dialog.waitFor();
    // Pick a consultation office other than the current organisation from the suggestions.
    await dialog.getByLabel('変更後の所属機関').fill('相談支援事業所');
    const options = coordinator.getByRole('option');
    await options.first().waitFor();
    const names = (await options.allTextContents()).map((s) => s.trim());
    const index = names.findIndex((n) => n !== originalOrg);
    expect(index, `no other organisation among ${names.join(', ')}`).toBeGreaterThanOrEqual(0);
    targetOrg = names[index]!;
    await options.nth(index).click();
    await byTestId(coordinator, 'org-request-note').fill('4月から相談支援事業所に異動しました。');
    await expectNoSeriousA11yViolations(coordinator);
    await expectNoHorizontalScrollAtPhoneWidth(coordinator, byTestId(coordinator, 'org-request-send'));

    const created = answer(coordinator, 'POST', /^\/api\/organization-requests$/);
    await byTestId(coordinator, 'org-request-send').click();
    expect((await created).status()).toBe(201);
    await dialog.waitFor({ state: 'hidden' });
    const pending = byTestId(coordinator, 'org-request-pending');
    await pending.waitFor();
    expect(await pending.textContent()).toContain(targetOrg);
    // Asking grants nothing: the organisation shown is still the one the centre set.
    expect((await organization.textContent())?.trim()).toBe(originalOrg);
    expect(await byTestId(coordinator, 'org-request-cancel').isVisible()).toBe(true);
    await expectNoSeriousA11yViolations(coordinator);
  });

  it('the centre is notified at once and opens the queue from the notification', async () => {
    // Pushed over the live connection: well before the bell's 30-second poll.
    await byTestId(centre, 'notifications-badge').waitFor({ timeout: 10_000 });
    await byTestId(centre, 'nav-notifications').click();
    await centre.waitForURL((u) => u.pathname === '/notifications');
    const item = byTestId(centre, 'notification').filter({ hasText: '所属変更の依頼が届きました' });
    await item.waitFor();
    await item.getByRole('link').click();
    await centre.waitForURL((u) => u.pathname === '/admin/organization-requests');
  });

  it('the centre approves at 375 px; the queue passes axe and does not scroll sideways', async () => {
    const row = byTestId(centre, 'org-requests-table').getByRole('row').filter({ hasText: coordinatorName });
    await row.waitFor();
    expect(await row.textContent()).toContain(originalOrg);
    expect(await row.textContent()).toContain(targetOrg);
    expect(await row.textContent()).toContain('4月から相談支援事業所に異動しました。');
    await expect.poll(() => centre.locator('.p-datatable-mask').count()).toBe(0);
    await expectNoSeriousA11yViolations(centre);
    await expectNoHorizontalScrollAtPhoneWidth(centre, byTestId(centre, 'org-requests-table'));

    await centre.setViewportSize(PHONE_WIDTH);
    const approve = centre.getByRole('button', { name: `${coordinatorName}さんの依頼を承認` });
    const approved = answer(centre, 'POST', /^\/api\/organization-requests\/[^/]+\/approve$/);
    await approve.click();
    expect((await approved).status()).toBe(200);
    await centre.getByText('処理待ちの依頼はありません。').waitFor();
    expect(await row.count()).toBe(0);
    await expectNoSeriousA11yViolations(centre);
  });

  it('the coordinator follows the notification to the profile and sees the new organisation', async () => {
    await coordinator.reload();
    await byTestId(coordinator, 'nav-notifications').click();
    await coordinator.waitForURL((u) => u.pathname === '/notifications');
    const item = byTestId(coordinator, 'notification').filter({ hasText: '所属変更の依頼が承認されました' });
    await item.waitFor();
    await item.getByRole('link').click();
    await coordinator.waitForURL((u) => u.pathname === '/me');
    const organization = byTestId(coordinator, 'profile-organization');
    await expect.poll(async () => (await organization.textContent())?.trim()).toBe(targetOrg);
    await expect
      .poll(() => byTestId(coordinator, 'org-request').textContent())
      .toContain(`「${targetOrg}」への所属変更が承認されました。`);
    // Decided: the coordinator may ask again, nothing is pending.
    expect(await byTestId(coordinator, 'org-request-pending').count()).toBe(0);
    await byTestId(coordinator, 'org-request-open').waitFor();
    await expectNoSeriousA11yViolations(coordinator);
    await expectNoHorizontalScrollAtPhoneWidth(coordinator, organization);
  });
});
