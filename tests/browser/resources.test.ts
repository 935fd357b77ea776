import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  byTestId,
  expectNoHorizontalScrollAtPhoneWidth,
  expectNoSeriousA11yViolations,
  launchBrowser,
  newAppContext,
  PHONE_WIDTH,
  signIn,
  startApp,
  type RunningApp,
} from '../harness/index.ts';

/** The supporter's organisation's short stay (demo seed). */
const OWN = '医療型短期入所（レスパイト）';
const DESKTOP = { width: 1280, height: 900 };

const answer = (page: Page, method: string, path: RegExp) =>
  page.waitForResponse((r) => r.request().method() === method && path.test(new URL(r.url()).pathname));

/** Which of the resource actions the page shows. */
async function shownActions(page: Page) {
  await byTestId(page, 'resource-detail').waitFor();
  const out: string[] = [];
  for (const a of ['refer', 'confirm', 'edit', 'archive', 'unarchive'])
    if (await byTestId(page, `resource-${a}`).isVisible()) out.push(a);
  return out;
}

/**
 * Local resources at 1280 and 375 px: the actions shown follow the server's `can` (own
 * organisation, another organisation, the centre), the history reads in words, the edit page
 * of another organisation's resource says why there is no form, a closed resource leaves search
 * and the sort control shows its choice.
 */
describe('resources: actions from can, readable history, closing, sort', () => {
  let app: RunningApp;
  let browser: Browser;
  let supporterContext: BrowserContext;
  let coordinatorContext: BrowserContext;
  let supporter: Page;
  let coordinator: Page;
  let ownPath = '';
  let otherPath = '';

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    [supporterContext, coordinatorContext] = await Promise.all([
      newAppContext(browser, app.baseUrl),
      newAppContext(browser, app.baseUrl),
    ]);
    [supporter, coordinator] = await Promise.all([supporterContext.newPage(), coordinatorContext.newPage()]);
    for (const p of [supporter, coordinator]) p.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await Promise.all([supporterContext?.close(), coordinatorContext?.close()]);
    await browser?.close();
    await app?.stop();
  });

  it('the sort control shows its choice and its labelled options (menu open passes axe, 1280 px)', async () => {
    await supporter.setViewportSize(DESKTOP);
    await signIn(supporter, 'supporter');
    await supporter.goto('/resources');
    await byTestId(supporter, 'resources-total').waitFor();
    const sort = byTestId(supporter, 'resources-sort');
    await expect.poll(async () => (await sort.textContent())?.trim()).toBe('今すぐ利用できる順');
    await sort.click();
    const listbox = supporter.getByRole('listbox');
    await listbox.waitFor();
    expect((await listbox.getByRole('option').allTextContents()).map((s) => s.trim())).toEqual([
      '今すぐ利用できる順',
      '名前順',
      '確認日が新しい順',
      '確認日が古い順',
    ]);
    await expectNoSeriousA11yViolations(supporter);
    await listbox.getByRole('option', { name: '名前順', exact: true }).click();
    await supporter.waitForURL((u) => u.searchParams.get('sort') === 'name');
    await expect.poll(async () => (await sort.textContent())?.trim()).toBe('名前順');
  });

  it("the supporter's own resource offers confirm, edit and close; another organisation's offers nothing", async () => {
    await supporter.goto('/resources?q=' + encodeURIComponent(OWN));
    const ownCard = byTestId(supporter, 'resource-result').filter({ hasText: OWN }).first();
    await ownCard.waitFor();
    const ownOrg = (await ownCard.locator('.res__org').textContent())!.trim();
    await ownCard.getByTestId('resource-link').click();
    await supporter.waitForURL((u) => /^\/resources\/[0-9a-f-]{36}$/.test(u.pathname));
    ownPath = new URL(supporter.url()).pathname;
    expect(await shownActions(supporter)).toEqual(['confirm', 'edit', 'archive']);
    await byTestId(supporter, 'resource-history').waitFor();

    await supporter.goto('/resources?q=' + encodeURIComponent('訪問看護'));
    const other = byTestId(supporter, 'resource-result').filter({ hasNotText: ownOrg }).first();
    await other.waitFor();
    await other.getByTestId('resource-link').click();
    await supporter.waitForURL((u) => u.pathname !== '/resources');
    otherPath = new URL(supporter.url()).pathname;
    expect(await shownActions(supporter)).toEqual([]);
    expect(await byTestId(supporter, 'resource-history').count()).toBe(0);
    await expectNoSeriousA11yViolations(supporter);

    // The edit page by its address: a clear message, no form to fill in vain.
    await supporter.goto(`${otherPath}/edit`);
    await byTestId(supporter, 'resource-form-refused').waitFor();
    expect(await byTestId(supporter, 'resource-form-refused').textContent()).toContain('支援センター');
    expect(await byTestId(supporter, 'resource-form').count()).toBe(0);
    await expectNoSeriousA11yViolations(supporter);
  });

  it('an edit shows in the history with Japanese field names and labels, before → after', async () => {
    await supporter.goto(`${ownPath}/edit`);
    await byTestId(supporter, 'resource-form').waitFor();
    await expect.poll(() => byTestId(supporter, 'resource-form-name').inputValue()).toBe(OWN);
    await byTestId(supporter, 'resource-form-capacity').click();
    await supporter.getByRole('option', { name: '受け入れ停止', exact: true }).click();
    const saved = answer(supporter, 'PATCH', /^\/api\/resources\/[0-9a-f-]{36}$/);
    await byTestId(supporter, 'resource-form-save').click();
    expect((await saved).status()).toBe(200);
    await supporter.waitForURL((u) => u.pathname === ownPath);
    const latest = byTestId(supporter, 'resource-history').locator(':scope > li').first();
    await expect
      .poll(async () => await latest.textContent())
      .toContain('受け入れ状況：「空きあり」→「受け入れ停止」');
    expect(await latest.textContent()).toContain('更新');
    const all = (await byTestId(supporter, 'resource-history').textContent()) ?? '';
    expect(all).not.toMatch(/\b(capacity|not_accepting|available|updated|created|serviceType|short_stay)\b/);
    await expectNoSeriousA11yViolations(supporter);
  });

  it('the coordinator (375 px) may refer to it but not edit it', async () => {
    await coordinator.setViewportSize(PHONE_WIDTH);
    await signIn(coordinator, 'coordinator');
    await coordinator.goto(ownPath);
    expect(await shownActions(coordinator)).toEqual(['refer']);
    await expectNoSeriousA11yViolations(coordinator);
    await expectNoHorizontalScrollAtPhoneWidth(coordinator, byTestId(coordinator, 'resource-detail'));
    // The sort menu at phone width, open.
    await coordinator.goto('/resources');
    await byTestId(coordinator, 'resources-sort').click();
    await coordinator.getByRole('listbox').waitFor();
    await expectNoSeriousA11yViolations(coordinator);
    await coordinator.keyboard.press('Escape');
    await expectNoHorizontalScrollAtPhoneWidth(coordinator, byTestId(coordinator, 'resources-sort'));
  });

  it('the supporter closes it: 閉鎖, out of search, readable by link without a referral button', async () => {
    await supporter.goto(ownPath);
    await byTestId(supporter, 'resource-archive').click();
    await byTestId(supporter, 'resource-closed').waitFor();
    expect(await shownActions(supporter)).toEqual(['unarchive']);
    const latest = byTestId(supporter, 'resource-history').locator(':scope > li').first();
    await expect.poll(async () => await latest.textContent()).toContain('状態：「利用可能」→「閉鎖」');
    await expectNoSeriousA11yViolations(supporter);

    await coordinator.goto('/resources?q=' + encodeURIComponent(OWN));
    await byTestId(coordinator, 'resources-total').waitFor();
    await expect
      .poll(() => byTestId(coordinator, 'resource-result').filter({ hasText: OWN }).count())
      .toBe(0);
    await coordinator.goto(ownPath);
    await byTestId(coordinator, 'resource-closed').waitFor();
    expect(await coordinator.locator('main').textContent()).toContain('閉鎖されました');
    expect(await shownActions(coordinator)).toEqual([]);
    await expectNoSeriousA11yViolations(coordinator);
    await expectNoHorizontalScrollAtPhoneWidth(coordinator, byTestId(coordinator, 'resource-detail'));

    // The edit page of a closed resource says to reopen it first.
    await supporter.goto(`${ownPath}/edit`);
    await byTestId(supporter, 'resource-form-refused').waitFor();
    expect(await byTestId(supporter, 'resource-form-refused').textContent()).toContain('再開');
  });

  it('the supporter reopens it at 375 px; it is found again', async () => {
    await supporter.setViewportSize(PHONE_WIDTH);
    await supporter.goto(ownPath);
    await byTestId(supporter, 'resource-unarchive').click();
    await byTestId(supporter, 'resource-archive').waitFor();
    expect(await byTestId(supporter, 'resource-closed').count()).toBe(0);
    await expectNoHorizontalScrollAtPhoneWidth(supporter, byTestId(supporter, 'resource-detail'));
    await coordinator.goto('/resources?q=' + encodeURIComponent(OWN));
    await byTestId(coordinator, 'resource-result').filter({ hasText: OWN }).first().waitFor();
  });

  it("the centre (1280 px) curates another organisation's resource", async () => {
    const centreContext = await newAppContext(browser, app.baseUrl);
    try {
      const centre = await centreContext.newPage();
      centre.setDefaultTimeout(15_000);
      await centre.setViewportSize(DESKTOP);
      await signIn(centre, 'center');
      await centre.goto(otherPath);
      expect(await shownActions(centre)).toEqual(['confirm', 'edit', 'archive']);
      await byTestId(centre, 'resource-history').waitFor();
      await expectNoSeriousA11yViolations(centre);
    } finally {
      await centreContext.close();
    }
  });
});
