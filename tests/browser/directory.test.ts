import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../harness/app.ts';
import { expectNoSeriousA11yViolations } from '../harness/axe.ts';
import { launchBrowser, newAppContext } from '../harness/chromium.ts';
import {
  PHONE_WIDTH,
  byTestId,
  expectNoHorizontalScrollAtPhoneWidth,
  horizontalOverflow,
  pickOptions,
  signIn,
} from '../harness/session.ts';

/**
 * A coordinator (a nurse in 西部圏域 who knows ventilators) looks for peers, opens one, edits
 * their own profile and finds the change in the directory; then the UI in English and on a phone.
 */
describe('directory: find coordinators, edit my profile', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** The signed-in coordinator's name, read from the profile page. */
  let myName = '';
  let newAccepting = false;
  const newIntroduction = `架空の自己紹介です。人工呼吸器を使うお子さんの在宅支援を担当しています（テスト ${Date.now()}）。`;

  /** The next directory search answered, optionally only one whose query matches. */
  const searchDone = (matches: (params: URLSearchParams) => boolean = () => true) =>
    page.waitForResponse((r) => {
      const url = new URL(r.url());
      return (
        url.pathname === '/api/coordinators' && r.request().method() === 'GET' && matches(url.searchParams)
      );
    });

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    context = await newAppContext(browser, app.baseUrl);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
  });

  it('signs in in Japanese and lands on the directory', async () => {
    await page.goto('/login');
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await expectNoSeriousA11yViolations(page);
    await expectNoHorizontalScrollAtPhoneWidth(page, byTestId(page, 'login-submit'));
    await signIn(page, 'coordinator');
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      'コーディネーターを探す',
    );
    await byTestId(page, 'directory-total').waitFor();
  });

  it('searches 西部圏域 for nurses who know ventilators through the filter MultiSelects', async () => {
    await pickOptions(page, 'directory-area', ['西部圏域']);
    await pickOptions(page, 'directory-qualification', ['看護師']);
    await pickOptions(page, 'directory-careType', ['人工呼吸器の管理']);
    const answered = searchDone((p) => p.get('careType') === 'ventilator');
    await byTestId(page, 'directory-submit').click();
    const response = await answered;
    expect(response.status()).toBe(200);
    const body = (await response.json()) as { total: number; items: unknown[] };
    expect(body.total).toBeGreaterThan(0);

    const url = new URL(page.url());
    expect(url.searchParams.getAll('area')).toEqual(['31-west']);
    expect(url.searchParams.getAll('qualification')).toEqual(['nurse']);
    expect(url.searchParams.getAll('careType')).toEqual(['ventilator']);

    await expect.poll(() => byTestId(page, 'directory-total').textContent()).toContain(`${body.total}件`);
    const cards = byTestId(page, 'directory-result');
    await expect.poll(() => cards.count()).toBe(body.items.length);
    for (const text of await cards.allTextContents()) {
      expect(text).toContain('西部圏域');
      expect(text).toMatch(/(^|[^保])看護師 \d+年/);
      expect(text).toContain('人工呼吸器の管理');
    }
    await expectNoSeriousA11yViolations(page);
  });

  it('keeps the filters in the URL across a reload', async () => {
    const before = await byTestId(page, 'directory-total').textContent();
    const reloaded = searchDone();
    await page.reload();
    await reloaded;
    await expect.poll(() => byTestId(page, 'directory-total').textContent()).toBe(before);
    // The form shows the filters it was opened with.
    await expect.poll(() => byTestId(page, 'directory-area').textContent()).toContain('西部圏域');
    await expect.poll(() => byTestId(page, 'directory-qualification').textContent()).toContain('看護師');
    await expect.poll(() => byTestId(page, 'directory-careType').textContent()).toContain('人工呼吸器の管理');
    for (const text of await byTestId(page, 'directory-result').allTextContents())
      expect(text).toContain('西部圏域');
  });

  it("opens a coordinator's page", async () => {
    const first = byTestId(page, 'directory-result').first();
    const link = first.getByRole('link').first();
    const name = (await link.textContent())!.trim();
    await link.click();
    await page.waitForURL(/\/coordinators\/[^/]+$/);
    const detail = byTestId(page, 'coordinator-detail');
    await detail.waitFor();
    await expect.poll(() => detail.getByRole('heading', { level: 1 }).textContent()).toBe(name);
    const text = await detail.textContent();
    expect(text).toContain('西部圏域');
    expect(text).toContain('看護師');
    await expectNoSeriousA11yViolations(page);
    await expectNoHorizontalScrollAtPhoneWidth(page, detail);
    // Back to the results keeps the search.
    await page.getByRole('link', { name: '検索結果へ戻る' }).click();
    await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('area') === '31-west');
  });

  it('edits the introduction and the accepting toggle in マイプロフィール and saves', async () => {
    await byTestId(page, 'nav-profile').click();
    await page.waitForURL((u) => u.pathname === '/me');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('マイプロフィール');
    const nameInput = byTestId(page, 'profile-name');
    await nameInput.waitFor();
    myName = (await nameInput.inputValue()).trim();
    expect(myName).not.toBe('');
    await expectNoSeriousA11yViolations(page);
    await expectNoHorizontalScrollAtPhoneWidth(page, byTestId(page, 'profile-save'));

    await byTestId(page, 'profile-introduction').fill(newIntroduction);
    const toggle = byTestId(page, 'profile-accepting');
    const switchInput = toggle.locator('input');
    const wasAccepting = await switchInput.isChecked();
    await toggle.click();
    newAccepting = !wasAccepting;
    await expect.poll(() => switchInput.isChecked()).toBe(newAccepting);

    const saved = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/me/profile' && r.request().method() === 'PATCH',
    );
    await byTestId(page, 'profile-save').click();
    const response = await saved;
    expect(response.status()).toBe(200);
    expect(response.request().postDataJSON()).toEqual({
      introduction: newIntroduction,
      accepting: newAccepting,
    });
    await page.getByRole('status').filter({ hasText: '保存しました。' }).waitFor();
  });

  it('finds the change in the directory by a free-text search of the name', async () => {
    await byTestId(page, 'nav-directory').click();
    await page.waitForURL((u) => u.pathname === '/');
    await byTestId(page, 'directory-clear').click();
    await page.waitForURL((u) => u.pathname === '/' && u.search === '');
    await byTestId(page, 'directory-q').fill(myName);
    const answered = searchDone((p) => p.get('q') === myName);
    await byTestId(page, 'directory-submit').click();
    await answered;
    expect(new URL(page.url()).searchParams.get('q')).toBe(myName);
    const mine = byTestId(page, 'directory-result').filter({
      has: page.getByRole('link', { name: myName, exact: true }),
    });
    await mine.waitFor();
    await expect.poll(() => mine.textContent()).toContain(newAccepting ? '相談受付中' : '受付停止中');

    await mine.getByRole('link', { name: myName, exact: true }).click();
    const detail = byTestId(page, 'coordinator-detail');
    await detail.waitFor();
    await expect.poll(() => detail.textContent()).toContain(newIntroduction);
    expect(await detail.textContent()).toContain(newAccepting ? '相談受付中' : '受付停止中');
  });

  it('switches the UI to English and back, <html lang> following', async () => {
    await page.goto('/?area=31-west');
    await byTestId(page, 'directory-total').waitFor();
    const toEnglish = byTestId(page, 'lang-switch');
    await expect.poll(() => toEnglish.textContent()).toContain('English');
    await toEnglish.click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Find coordinators');
    await expect.poll(() => byTestId(page, 'directory-total').textContent()).toMatch(/\d+ found/);
    await expect
      .poll(() => byTestId(page, 'directory-result').first().textContent())
      .toContain('Western area');
    await expect.poll(() => page.title()).toContain('Find coordinators');
    await expectNoSeriousA11yViolations(page);

    // The choice survives a reload (kept in localStorage).
    await page.reload();
    await byTestId(page, 'directory-total').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    const toJapanese = byTestId(page, 'lang-switch');
    await expect.poll(() => toJapanese.textContent()).toContain('日本語');
    await toJapanese.click();
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('ja');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('コーディネーターを探す');
    await expect.poll(() => byTestId(page, 'directory-total').textContent()).toMatch(/\d+件見つかりました/);
  });

  it('at 375 px the filters open in a drawer and the results stay readable', async () => {
    await page.setViewportSize(PHONE_WIDTH);
    await page.goto('/');
    await byTestId(page, 'directory-total').waitFor();
    const open = byTestId(page, 'directory-open-filters');
    await open.waitFor();
    // The inline form is gone at this width: the only search form is in the drawer.
    expect(await page.getByRole('search').count()).toBe(0);

    await open.click();
    const drawer = page.getByRole('dialog');
    await drawer.waitFor();
    expect(await open.getAttribute('aria-expanded')).toBe('true');
    const box = await drawer.boundingBox();
    expect(box!.width).toBeLessThanOrEqual(PHONE_WIDTH.width);
    await expectNoSeriousA11yViolations(page);

    await pickOptions(page, 'directory-area', ['西部圏域']);
    const answered = searchDone((p) => p.get('area') === '31-west');
    await drawer.getByRole('button', { name: '検索' }).click();
    await answered;
    await drawer.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).searchParams.getAll('area')).toEqual(['31-west']);

    const cards = byTestId(page, 'directory-result');
    await cards.first().waitFor();
    const overflow = await horizontalOverflow(page);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);
    for (const card of (await cards.all()).slice(0, 5)) {
      await card.scrollIntoViewIfNeeded();
      const b = (await card.boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(0);
      expect(b.x + b.width).toBeLessThanOrEqual(PHONE_WIDTH.width);
      // The name link is rendered at a legible size, not squeezed away.
      const link = card.getByRole('link').first();
      const fontSize = await link.evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
      expect(fontSize).toBeGreaterThanOrEqual(14);
      expect((await link.boundingBox())!.width).toBeGreaterThan(0);
      expect(await card.textContent()).toContain('西部圏域');
    }
    await expectNoSeriousA11yViolations(page);
  });
});
