import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../harness/axe.ts';
import { startApp, type RunningApp } from '../harness/app.ts';
import { launchBrowser, newAppContext } from '../harness/chromium.ts';

describe('smoke: the login page', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    context = await newAppContext(browser, app.baseUrl);
    page = await context.newPage();
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
  });

  it('answers the health check', async () => {
    const res = await fetch(`${app.baseUrl}/api/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: { state: 'up', driver: 'pglite' } });
  });

  it('serves /login in Japanese with a title', async () => {
    const response = await page.goto('/login');
    expect(response?.status()).toBe(200);
    // The SPA has rendered its page once the main landmark is there.
    await page.locator('main').first().waitFor({ timeout: 15_000 });
    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    expect((await page.title()).trim()).not.toBe('');
  });

  it('has no serious accessibility violations', async () => {
    await expectNoSeriousA11yViolations(page);
  });
});
