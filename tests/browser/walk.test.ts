import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectNoSeriousA11yViolations,
  horizontalOverflow,
  launchBrowser,
  newAppContext,
  PHONE_WIDTH,
  signIn,
  startApp,
  type DemoRole,
  type RunningApp,
} from '../harness/index.ts';

// Every page of the menu, as each role, at 1280 and 375 px: it opens (not the not-found page), says
// what it is (a heading), throws nothing, passes axe, and does not scroll sideways on a phone.
// The menu is built from the pages' operations, so a role meets only pages it may open.
describe('every menu page, as each role, on a desktop and a phone', () => {
  let app: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  const roles: DemoRole[] = ['coordinator', 'supporter', 'center', 'admin'];
  for (const role of roles) {
    it(`as ${role}`, { timeout: 240_000 }, async () => {
      const context: BrowserContext = await newAppContext(browser, app.baseUrl);
      const page: Page = await context.newPage();
      const errors: string[] = [];
      try {
        // Listened to from after the sign-in: its TOTP step is a 401 that asks for the code, by design.
        await signIn(page, role);
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(`${page.url()}: ${m.text()}`);
        });
        const links = await page
          .locator('nav a[data-testid^="nav-"]')
          .evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!));
        expect(links.length).toBeGreaterThan(3);
        for (const width of [1280, PHONE_WIDTH.width]) {
          await page.setViewportSize(width === 1280 ? { width: 1280, height: 900 } : PHONE_WIDTH);
          for (const href of links) {
            await page.goto(href);
            const heading = page.locator('main h1').first();
            await heading.waitFor({ timeout: 20_000 });
            expect(await page.getByTestId('not-found').count(), `${role} ${href}`).toBe(0);
            expect((await heading.textContent())?.trim(), `${role} ${href}`).not.toBe('');
            await page.waitForLoadState('networkidle').catch(() => undefined);
            await expectNoSeriousA11yViolations(page);
            if (width !== 1280) {
              const { scrollWidth, clientWidth } = await horizontalOverflow(page);
              expect(scrollWidth, `${role} ${href} scrolls sideways at 375 px`).toBeLessThanOrEqual(
                clientWidth,
              );
            }
          }
        }
        expect(errors, `${role}: errors in the console`).toEqual([]);
      } finally {
        await context.close();
      }
    });
  }
});
