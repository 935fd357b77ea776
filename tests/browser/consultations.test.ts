import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../harness/axe.ts';
import { startApp, type RunningApp } from '../harness/app.ts';
import { launchBrowser, newAppContext } from '../harness/chromium.ts';
import { repoRoot } from '../harness/paths.ts';

// otpauth is the server's dependency; borrow it rather than duplicate it here.
interface OtpAuth {
  TOTP: new (o: { secret: unknown }) => { generate(): string };
  Secret: { fromBase32(s: string): unknown };
}
const OTPAuth = createRequire(`${repoRoot}server/package.json`)('otpauth') as OtpAuth;
const totp = () => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32('JBSWY3DPEHPK3PXP') }).generate();

const PASSWORD = 'tsunagu-demo-2026';
const TITLE = '呼吸器を使う児の週末レスパイト先が見つからない';
const PHONE_TEXT = '夜間の吸引が続き、母の疲労が強い。連絡は090-1234-5678まで。';
const CLEAN_TEXT = '夜間の吸引が続き、母の疲労が強い。連絡はつなぐのメッセージでお願いします。';
const NOTE = '内部メモ：西部圏域の短期入所の空き状況を確認中';
const ANSWER =
  '西部圏域では、呼吸器の児を受け入れた実績のある短期入所事業所があります。まず医療型短期入所の空き枠を確認しましょう。';
const REPORT_TITLE = '呼吸器を使う児の週末レスパイト先の開拓';

async function signIn(page: Page, email: string, withTotp = false) {
  await page.goto('/login');
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(PASSWORD);
  await page.getByTestId('login-submit').click();
  if (withTotp) {
    await page.getByTestId('login-totp').fill(totp());
    await page.getByTestId('login-submit').click();
  }
  await page.getByTestId('nav-logout').waitFor();
}

/** Opens a PrimeVue Select/MultiSelect by its test id and picks an option by its label. */
async function pick(page: Page, testid: string, option: string, multi = false) {
  await page.getByTestId(testid).click();
  await page.getByRole('option', { name: option, exact: true }).click();
  if (multi) await page.keyboard.press('Escape');
}

describe('consultations: post, triage, answer, report', () => {
  let app: RunningApp;
  let browser: Browser;
  let coordinatorContext: BrowserContext;
  let centreContext: BrowserContext;
  let coordinator: Page;
  let centre: Page;
  let consultationUrl = '';

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    coordinatorContext = await newAppContext(browser, app.baseUrl);
    centreContext = await newAppContext(browser, app.baseUrl);
    coordinator = await coordinatorContext.newPage();
    centre = await centreContext.newPage();
    coordinator.setDefaultTimeout(15_000);
    centre.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await coordinatorContext?.close();
    await centreContext?.close();
    await browser?.close();
    await app?.stop();
  });

  it('warns the coordinator about a phone number, then posts the fixed text', async () => {
    await signIn(coordinator, 'coordinator@example.jp');
    await coordinator.getByTestId('nav-consultations').click();
    await coordinator.getByTestId('consultation-new').click();
    await coordinator.getByTestId('consultation-form').waitFor();

    await coordinator.getByTestId('consultation-title').fill(TITLE);
    await coordinator
      .getByTestId('consultation-asked')
      .fill('週末に利用できるレスパイト先と、受け入れを広げる工夫を知りたい。');
    await coordinator.getByTestId('consultation-body').fill(PHONE_TEXT);
    await pick(coordinator, 'consultation-categories', '家族支援・レスパイト', true);
    await pick(coordinator, 'consultation-age-band', '3〜5歳（未就学）');
    await pick(coordinator, 'consultation-care-types', '人工呼吸器の管理', true);
    await pick(coordinator, 'consultation-area', '西部圏域');

    // The live check marks the number in the text and names its kind.
    const warning = coordinator.getByTestId('consultation-body-pii');
    await warning.waitFor();
    await expect(warning.locator('mark').first().textContent()).resolves.toContain('090-1234-5678');
    await expect(warning.textContent()).resolves.toContain('電話番号');
    await expectNoSeriousA11yViolations(coordinator);

    await coordinator.getByTestId('consultation-body').fill(CLEAN_TEXT);
    await warning.waitFor({ state: 'detached' });
    await coordinator.getByTestId('consultation-post').click();
    await coordinator.waitForURL(/\/consultations\/[0-9a-f-]{36}$/);
    consultationUrl = new URL(coordinator.url()).pathname;
    await expect(coordinator.getByTestId('consultation-title').textContent()).resolves.toBe(TITLE);
    await expect(coordinator.getByTestId('consultation-status').textContent()).resolves.toContain('新規');
    await expectNoSeriousA11yViolations(coordinator);
  });

  it('lets centre staff find it in the queue with the time left', async () => {
    await signIn(centre, 'center@example.jp', true);
    await centre.goto('/consultations');
    const link = centre.getByTestId('consultation-link').filter({ hasText: TITLE });
    await link.waitFor();
    const row = centre.locator('tr').filter({ has: link });
    await expect(row.getByTestId('consultation-time-left').textContent()).resolves.toMatch(/残り|超過/);
    await expectNoSeriousA11yViolations(centre);
    await link.click();
    await centre.getByTestId('triage-panel').waitFor();
    expect(new URL(centre.url()).pathname).toBe(consultationUrl);
  });

  it('triages it, invites an expert, adds an internal note and answers', async () => {
    await pick(centre, 'triage-status', '受付済み');
    await pick(centre, 'triage-priority', '高');
    await pick(centre, 'triage-assignee', '支援センター 職員');
    await centre.getByTestId('triage-save').click();
    await centre.getByTestId('consultation-status').filter({ hasText: '受付済み' }).waitFor();

    const suggestion = centre.getByTestId('expert-suggestion').first();
    await suggestion.waitFor();
    const expert = (await suggestion.locator('strong').textContent())!.trim();
    await suggestion.getByTestId('expert-invite').click();
    await centre.getByTestId('consultation-participants').filter({ hasText: expert }).waitFor();
    await expectNoSeriousA11yViolations(centre);

    await centre.getByTestId('reply-internal-toggle').click();
    await centre.getByTestId('reply-body').fill(NOTE);
    await centre.getByTestId('reply-send').click();
    await centre.getByTestId('reply-internal').filter({ hasText: NOTE }).waitFor();
    await expect(centre.getByTestId('reply-internal').textContent()).resolves.toContain('内部メモ');

    await centre.getByTestId('reply-body').fill(ANSWER);
    await centre.getByTestId('reply-as-answer').click();
    await centre.getByTestId('reply-send').click();
    await centre.locator('[data-testid=reply][data-answer]').filter({ hasText: ANSWER }).waitFor();
    await centre.getByTestId('consultation-status').filter({ hasText: '回答済み' }).waitFor();
    await expectNoSeriousA11yViolations(centre);
  });

  it('shows the author the answer, never the internal note, and an unread badge', async () => {
    await coordinator.goto(consultationUrl);
    await coordinator.locator('[data-testid=reply][data-answer]').filter({ hasText: ANSWER }).waitFor();
    await coordinator.getByTestId('reply-answer-tag').waitFor();
    expect(await coordinator.getByTestId('reply-internal').count()).toBe(0);
    expect(await coordinator.locator('main').textContent()).not.toContain(NOTE);
    expect(await coordinator.getByTestId('triage-panel').count()).toBe(0);

    const badge = coordinator.getByTestId('notifications-badge');
    await badge.waitFor();
    expect(Number(await badge.textContent())).toBeGreaterThan(0);
    await expectNoSeriousA11yViolations(coordinator);

    await coordinator.getByTestId('nav-notifications').click();
    await coordinator.getByTestId('notification').first().waitFor();
    await expect(coordinator.getByTestId('notifications-list').textContent()).resolves.toContain(
      '回答がありました',
    );
    await expectNoSeriousA11yViolations(coordinator);
    await coordinator.getByTestId('notifications-read-all').click();
    await badge.waitFor({ state: 'detached' });
  });

  it('is usable at 375 px: the list shows cards', async () => {
    await coordinator.setViewportSize({ width: 375, height: 800 });
    await coordinator.goto('/consultations');
    await coordinator.getByTestId('consultation-card').filter({ hasText: TITLE }).waitFor();
    const overflow = await coordinator.evaluate(
      () => document.documentElement.scrollWidth - window.innerWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    await expectNoSeriousA11yViolations(coordinator);
    await coordinator.setViewportSize({ width: 1280, height: 800 });
  });

  it('publishes a case report that the library finds', async () => {
    await centre.goto(consultationUrl);
    await centre.getByTestId('consultation-write-report').click();
    await centre.getByTestId('case-report-form').waitFor();
    await centre.getByTestId('report-title').fill(REPORT_TITLE);
    await centre
      .getByTestId('report-summary')
      .fill('未就学の呼吸器使用児。家族の疲労が強く、週末のレスパイト先が求められた。');
    await centre
      .getByTestId('report-whatWorked')
      .fill('圏域内の医療型短期入所と事前の体験利用を重ね、受け入れにつなげた。');
    await expectNoSeriousA11yViolations(centre);
    await centre.getByTestId('case-report-save').click();
    await centre.waitForURL(/\/case-reports\/[0-9a-f-]{36}$/);
    await centre.getByTestId('case-report-publish').click();
    await centre.getByTestId('case-report-status').filter({ hasText: '公開' }).waitFor();

    await coordinator.goto('/case-reports');
    await coordinator.getByTestId('library-q').fill('週末のレスパイト');
    await coordinator.getByTestId('library-search').click();
    const result = coordinator.getByTestId('case-report-result').filter({ hasText: REPORT_TITLE });
    await result.waitFor();
    await expectNoSeriousA11yViolations(coordinator);
    await result.getByRole('link', { name: REPORT_TITLE }).click();
    await coordinator.getByTestId('case-report-detail').waitFor();
    await expect(coordinator.getByTestId('case-report-title').textContent()).resolves.toBe(REPORT_TITLE);
    await expectNoSeriousA11yViolations(coordinator);
  });
});
