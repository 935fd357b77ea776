import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  byTestId,
  DEMO_PASSWORD,
  launchBrowser,
  newAppContext,
  signIn,
  startApp,
  type RunningApp,
} from '../harness/index.ts';

/** The demo seed's consultation that coordinator2 posted and nobody has triaged yet. */
const CONSULTATION = '医療的ケアのある児の保育所入所にあたっての看護師配置';
const REPLY = '他市での看護師配置の進め方を整理してお送りします。加算の要件もあわせて確認します。';

/** Opens a PrimeVue Select by its test id and picks an option by its label. */
async function pick(page: Page, testid: string, option: string) {
  await byTestId(page, testid).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

/**
 * Marks the document: a reload or a navigation that leaves the SPA replaces `window`, so the
 * mark is gone. `stillSamePage` then proves the page changed in place.
 */
const markPage = (page: Page) => page.evaluate(() => ((window as { liveMark?: number }).liveMark = 1));
const stillSamePage = (page: Page) => page.evaluate(() => (window as { liveMark?: number }).liveMark === 1);

/**
 * Two people, two browsers: one keeps a page open while the other acts on the same record. The
 * open page must show the change by itself — no reload, no navigation (item 3 of issue 9).
 */
describe('live updates: the open page follows what the other side does', () => {
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function page(): Promise<Page> {
    const context = await newAppContext(browser, app.baseUrl);
    contexts.push(context);
    const p = await context.newPage();
    p.setDefaultTimeout(15_000);
    return p;
  }

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await app?.stop();
  });

  it("shows the author the centre's triage and reply on the open consultation page", async () => {
    const [author, centre] = await Promise.all([page(), page()]);
    await signIn(centre, 'center');
    await centre.goto('/consultations');
    const link = byTestId(centre, 'consultation-link').filter({ hasText: CONSULTATION });
    await link.waitFor();
    const path = (await link.getAttribute('href'))!;
    expect(path).toMatch(/^\/consultations\/[0-9a-f-]{36}$/);

    await signIn(author, { email: 'coordinator2@example.jp', password: DEMO_PASSWORD });
    await author.goto(path);
    await byTestId(author, 'consultation-status').filter({ hasText: '新規' }).waitFor();
    expect(await byTestId(author, 'reply').filter({ hasText: REPLY }).count()).toBe(0);
    await markPage(author);

    await centre.goto(path);
    await pick(centre, 'triage-status', '受付済み');
    await byTestId(centre, 'triage-save').click();
    await byTestId(centre, 'consultation-status').filter({ hasText: '受付済み' }).waitFor();
    // The author's page, untouched, shows the triage.
    await byTestId(author, 'consultation-status').filter({ hasText: '受付済み' }).waitFor();

    await byTestId(centre, 'reply-body').fill(REPLY);
    await byTestId(centre, 'reply-send').click();
    await byTestId(centre, 'reply').filter({ hasText: REPLY }).waitFor();
    // …and the reply, with the status it moved the consultation to.
    await byTestId(author, 'reply').filter({ hasText: REPLY }).waitFor();
    await byTestId(author, 'consultation-status').filter({ hasText: '対応中' }).waitFor();
    expect(await stillSamePage(author)).toBe(true);
    expect(new URL(author.url()).pathname).toBe(path);
  });

  it('shows the sender "accepted" on the open referral page when the receiving side accepts', async () => {
    const [sender, receiver] = await Promise.all([page(), page()]);
    await signIn(receiver, 'supporter');
    await receiver.goto('/referrals');
    await byTestId(receiver, 'referrals-received').click();
    // A referral the demo sender (coordinator@example.jp) sent and nobody has answered.
    const card = byTestId(receiver, 'referral-card').filter({
      has: receiver.locator('[data-testid=referral-state]', { hasText: '送信済み' }),
    });
    await card.first().waitFor();
    const path = (await card.first().getByTestId('referral-link').getAttribute('href'))!;
    expect(path).toMatch(/^\/referrals\/[0-9a-f-]{36}$/);

    await signIn(sender, 'coordinator');
    await sender.goto(path);
    await byTestId(sender, 'referral-state').filter({ hasText: '送信済み' }).waitFor();
    await markPage(sender);

    await receiver.goto(path);
    await byTestId(receiver, 'referral-accept').click();
    await byTestId(receiver, 'referral-state').filter({ hasText: '受け入れ' }).waitFor();

    await byTestId(sender, 'referral-state').filter({ hasText: '受け入れ' }).waitFor();
    await expect(byTestId(sender, 'referral-timeline').textContent()).resolves.toContain('「受け入れ」');
    expect(await stillSamePage(sender)).toBe(true);
    expect(new URL(sender.url()).pathname).toBe(path);
  });
});
