import {
  request,
  type APIRequestContext,
  type Browser,
  type BrowserContext,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../harness/app.ts';
import { expectNoSeriousA11yViolations } from '../harness/axe.ts';
import { launchBrowser, newAppContext } from '../harness/chromium.ts';
import { DEMO_PASSWORD, PHONE_WIDTH, byTestId, signIn } from '../harness/session.ts';

/**
 * A coordinator whose profile is empty is asked to complete it, finds peers by what they do
 * (呼吸器), with the filter menus open passing axe, and reaches メッセージ and 紹介する on a
 * peer's page; then the same on a phone. Once the profile is complete the prompt is gone.
 */
const EMAIL = 'coordinator2@example.jp';

describe('directory journeys: profile prompt, keyword by care, open filter menus, actions', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let api: APIRequestContext;
  let token = '';

  /** Writes my profile through the API, as the profile page would. */
  const patchProfile = async (body: object) => {
    const res = await api.patch('/api/me/profile', {
      headers: { authorization: `Bearer ${token}`, origin: app.baseUrl },
      data: body,
    });
    expect(res.status(), await res.text()).toBe(200);
    return (await res.json()) as { missing: string[] };
  };

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    context = await newAppContext(browser, app.baseUrl);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    // Its own cookie jar: the browser signs in by itself.
    api = await request.newContext({ baseURL: app.baseUrl });
    const login = await api.post('/api/auth/login', {
      headers: { origin: app.baseUrl },
      data: { email: EMAIL, password: DEMO_PASSWORD },
    });
    expect(login.status()).toBe(200);
    token = ((await login.json()) as { accessToken: string }).accessToken;
    // A new coordinator: nothing filled in yet.
    const empty = await patchProfile({
      qualifications: [],
      municipalities: [],
      careTypes: [],
      introduction: '',
      contact: '',
    });
    expect(empty.missing).toHaveLength(5);
  });
  afterAll(async () => {
    await api?.dispose();
    await context?.close();
    await browser?.close();
    await app?.stop();
  });

  it('lands on the directory with a prompt that names what is missing', async () => {
    await signIn(page, { email: EMAIL, password: DEMO_PASSWORD });
    const prompt = byTestId(page, 'profile-prompt');
    await prompt.waitFor();
    const text = await prompt.textContent();
    for (const part of ['資格と経験年数', '担当市町村', '対応経験のある医療的ケア', '自己紹介', '連絡方法'])
      expect(text).toContain(part);
    await byTestId(page, 'directory-total').waitFor();
    await expectNoSeriousA11yViolations(page);
    await byTestId(page, 'profile-prompt-link').click();
    await page.waitForURL((url) => url.pathname === '/me');
  });

  it('passes axe with each filter menu open (filter box, select all, options)', async () => {
    await page.goto('/');
    await byTestId(page, 'directory-total').waitFor();
    for (const testId of ['directory-qualification', 'directory-careType', 'directory-area']) {
      await byTestId(page, testId).click();
      const listbox = page.getByRole('listbox').last();
      await listbox.waitFor();
      expect(await listbox.getAttribute('aria-label')).toBeTruthy();
      await expectNoSeriousA11yViolations(page);
      // The options still work by mouse: ticking one selects it.
      const option = listbox.getByRole('option').first();
      await option.click();
      await expect.poll(() => option.getAttribute('aria-selected')).toBe('true');
      await option.click();
      await expect.poll(() => option.getAttribute('aria-selected')).toBe('false');
      await page.keyboard.press('Escape');
      await listbox.waitFor({ state: 'detached' });
    }
  });

  it('finds coordinators by 呼吸器 and offers メッセージ and 紹介する on a peer', async () => {
    await byTestId(page, 'directory-q').fill('呼吸器');
    const answered = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/coordinators' && r.url().includes('q='),
    );
    await byTestId(page, 'directory-submit').click();
    const body = (await (await answered).json()) as { total: number; items: { id: string }[] };
    expect(body.total).toBeGreaterThan(0);
    await expect.poll(() => byTestId(page, 'directory-total').textContent()).toContain(`${body.total}件`);
    await byTestId(page, 'directory-result').first().locator('a').first().click();
    await byTestId(page, 'coordinator-detail').waitFor();
    const peerId = new URL(page.url()).pathname.split('/').pop()!;
    await expect(byTestId(page, 'coordinator-send-message').textContent()).resolves.toContain('メッセージ');
    const refer = byTestId(page, 'coordinator-refer');
    await expect(refer.textContent()).resolves.toContain('紹介する');
    expect(await refer.getAttribute('href')).toBe(`/referrals/new?toUser=${peerId}`);
    await expectNoSeriousA11yViolations(page);
  });

  it('on a phone: the prompt, the filter menu open in the drawer, no sideways scroll', async () => {
    await page.setViewportSize(PHONE_WIDTH);
    await page.goto('/');
    await byTestId(page, 'profile-prompt').waitFor();
    await byTestId(page, 'directory-open-filters').click();
    await byTestId(page, 'directory-careType').click();
    const listbox = page.getByRole('listbox').last();
    await listbox.waitFor();
    await expectNoSeriousA11yViolations(page);
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE_WIDTH.width);
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('the prompt is gone once the profile is complete', async () => {
    const full = await patchProfile({
      qualifications: [{ code: 'nurse', years: 5 }],
      municipalities: ['31201'],
      careTypes: ['ventilator'],
      introduction: '在宅で人工呼吸器を使うお子さんの支援をしています。',
      contact: '平日9時〜17時',
    });
    expect(full.missing).toEqual([]);
    await page.goto('/me');
    await page.goto('/');
    await byTestId(page, 'directory-total').waitFor();
    await page.reload();
    await byTestId(page, 'directory-total').waitFor();
    expect(await byTestId(page, 'profile-prompt').count()).toBe(0);
  });
});
