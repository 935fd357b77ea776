import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  byTestId,
  expectNoHorizontalScrollAtPhoneWidth,
  expectNoSeriousA11yViolations,
  launchBrowser,
  newAppContext,
  pickOptions,
  signIn,
  startApp,
  type RunningApp,
} from '../harness/index.ts';

/** The supporter's organisation's short stay in 西部 (demo seed): ventilator and tracheostomy, ages 0–18. */
const SERVICE = '医療型短期入所（レスパイト）';
const NEED = '人工呼吸器を使う4歳児。母の休息のため月2回程度の短期入所を希望。';
const FAMILY_NAME = '架空 花子';
const OUTCOME_TEXT = '来月から月2回の利用を開始。';

/** Opens a PrimeVue Select by its test id and picks an option by its label. */
async function pick(page: Page, testid: string, option: string) {
  await byTestId(page, testid).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

describe('referrals: find a service, refer with consent, accept, complete', () => {
  let app: RunningApp;
  let browser: Browser;
  let coordinatorContext: BrowserContext;
  let supporterContext: BrowserContext;
  let coordinator: Page;
  let supporter: Page;
  let referralPath = '';

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    coordinatorContext = await newAppContext(browser, app.baseUrl);
    supporterContext = await newAppContext(browser, app.baseUrl);
    coordinator = await coordinatorContext.newPage();
    supporter = await supporterContext.newPage();
    coordinator.setDefaultTimeout(15_000);
    supporter.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await coordinatorContext?.close();
    await supporterContext?.close();
    await browser?.close();
    await app?.stop();
  });

  it('finds a short stay in 西部 that accepts a ventilator for a 4-year-old', async () => {
    await signIn(coordinator, 'coordinator');
    await byTestId(coordinator, 'nav-resources').click();
    await byTestId(coordinator, 'resources-total').waitFor();
    await pickOptions(coordinator, 'resources-area', ['西部圏域']);
    await pickOptions(coordinator, 'resources-serviceType', ['短期入所（レスパイト）']);
    await pickOptions(coordinator, 'resources-careType', ['人工呼吸器の管理']);
    await coordinator.locator('#resources-age').pressSequentially('4');
    await byTestId(coordinator, 'resources-submit').click();
    await coordinator.waitForURL(
      (url) => url.searchParams.get('careType') === 'ventilator' && url.searchParams.get('age') === '4',
    );

    const card = byTestId(coordinator, 'resource-result').filter({ hasText: SERVICE });
    await card.waitFor();
    await expect(card.textContent()).resolves.toContain('人工呼吸器の管理');
    await expect(card.getByTestId('resource-capacity').textContent()).resolves.toContain('空きあり');
    // Every result accepts the ventilator (all care types asked for must be accepted). The URL
    // changes before the new results are drawn: wait until the list shown is the filtered one.
    await expect
      .poll(
        async () =>
          (await byTestId(coordinator, 'resource-result').allTextContents()).every((t) =>
            t.includes('人工呼吸器'),
          ),
        { timeout: 15_000 },
      )
      .toBe(true);
    await expectNoSeriousA11yViolations(coordinator);
    await expectNoHorizontalScrollAtPhoneWidth(coordinator, card);

    await card.getByRole('link', { name: SERVICE }).click();
    await byTestId(coordinator, 'resource-detail').waitFor();
    await expect(byTestId(coordinator, 'resource-name').textContent()).resolves.toBe(SERVICE);
    await expectNoSeriousA11yViolations(coordinator);
  });

  it('refuses to send without consent, then sends once consent is recorded', async () => {
    await byTestId(coordinator, 'resource-refer').click();
    await byTestId(coordinator, 'referral-form').waitFor();
    await expect(byTestId(coordinator, 'referral-recipient').textContent()).resolves.toContain(SERVICE);
    await expect(byTestId(coordinator, 'referral-consent-covers').textContent()).resolves.toContain(SERVICE);
    await expect(byTestId(coordinator, 'referral-family-note').textContent()).resolves.toContain('暗号化');

    // The search's age (4) came with the link: the form starts from its age band.
    expect(new URL(coordinator.url()).searchParams.get('age')).toBe('4');
    await expect(byTestId(coordinator, 'referral-age-band').textContent()).resolves.toContain(
      '3〜5歳（未就学）',
    );
    await byTestId(coordinator, 'referral-need').fill(NEED);
    await byTestId(coordinator, 'referral-family-name').fill(FAMILY_NAME);
    await byTestId(coordinator, 'referral-family-contact').fill('090-0000-0000（架空）');
    await byTestId(coordinator, 'referral-family-address').fill('西部市 架空町1-2-3');
    await expectNoSeriousA11yViolations(coordinator);

    // No consent method chosen: the server refuses, and its message is shown.
    await byTestId(coordinator, 'referral-send').click();
    const error = byTestId(coordinator, 'referral-error');
    await error.waitFor();
    await expect(error.textContent()).resolves.toContain(
      'ご家族の同意が記録されていないため、紹介を送れません',
    );
    await coordinator.waitForURL(/\/referrals\/[0-9a-f-]{36}\/edit$/);

    await byTestId(coordinator, 'referral-consent-written').click();
    await byTestId(coordinator, 'referral-send').click();
    await coordinator.waitForURL(/\/referrals\/[0-9a-f-]{36}$/);
    referralPath = new URL(coordinator.url()).pathname;
    await expect(byTestId(coordinator, 'referral-state').first().textContent()).resolves.toBe('送信済み');
    await expect(byTestId(coordinator, 'referral-consent').textContent()).resolves.toContain('書面');
    await expectNoSeriousA11yViolations(coordinator);
  });

  it("lets the service's user read the family's details and accept", async () => {
    await signIn(supporter, 'supporter');
    await byTestId(supporter, 'nav-referrals').click();
    await byTestId(supporter, 'referrals-received').click();
    const link = supporter.locator(`[data-testid=referral-link][href="${referralPath}"]`);
    await link.waitFor();
    await expectNoSeriousA11yViolations(supporter);
    await link.click();
    await byTestId(supporter, 'referral-actions').waitFor();
    await expect(byTestId(supporter, 'referral-need-text').textContent()).resolves.toBe(NEED);
    expect(await byTestId(supporter, 'referral-family-name').count()).toBe(0);

    await byTestId(supporter, 'referral-family-show').click();
    await expect(byTestId(supporter, 'referral-family-name').textContent()).resolves.toBe(FAMILY_NAME);
    await expectNoSeriousA11yViolations(supporter);

    await byTestId(supporter, 'referral-accept').click();
    await byTestId(supporter, 'referral-state').filter({ hasText: '受け入れ' }).waitFor();
    await expectNoSeriousA11yViolations(supporter);
  });

  it('shows the coordinator the change and a notification', async () => {
    await coordinator.goto(referralPath);
    await byTestId(coordinator, 'referral-state').filter({ hasText: '受け入れ' }).waitFor();
    await expect(byTestId(coordinator, 'referral-timeline').textContent()).resolves.toContain('「受け入れ」');

    await coordinator.goto('/notifications');
    await byTestId(coordinator, 'notification').first().waitFor();
    await expect(byTestId(coordinator, 'notifications-list').textContent()).resolves.toContain(
      '紹介が受け入れられました',
    );
    await expectNoSeriousA11yViolations(coordinator);
  });

  it('records the outcome and completes the referral', async () => {
    await coordinator.goto(referralPath);
    await byTestId(coordinator, 'referral-actions').waitFor();
    await pick(coordinator, 'referral-complete-choice', 'サービス利用開始');
    await byTestId(coordinator, 'referral-complete-text').fill(OUTCOME_TEXT);
    await byTestId(coordinator, 'referral-complete-submit').click();
    await byTestId(coordinator, 'referral-state').filter({ hasText: '完了' }).waitFor();
    await expect(byTestId(coordinator, 'referral-outcome').textContent()).resolves.toContain(
      'サービス利用開始',
    );
    await expectNoSeriousA11yViolations(coordinator);

    await byTestId(coordinator, 'nav-referrals').click();
    const card = byTestId(coordinator, 'referral-card').filter({
      has: coordinator.locator(`[href="${referralPath}"]`),
    });
    await expect(card.textContent()).resolves.toContain('完了');
    await expectNoSeriousA11yViolations(coordinator);
    await expectNoHorizontalScrollAtPhoneWidth(coordinator, card);
  });

  it("shows centre staff the state without the family's details, and the editing pages", async () => {
    const centreContext = await newAppContext(browser, app.baseUrl);
    try {
      const centre = await centreContext.newPage();
      centre.setDefaultTimeout(15_000);
      await signIn(centre, 'center');
      await centre.goto(referralPath);
      await byTestId(centre, 'referral-centre-note').waitFor();
      await expect(byTestId(centre, 'referral-state').first().textContent()).resolves.toBe('完了');
      expect(await byTestId(centre, 'referral-family').count()).toBe(0);
      expect(await centre.locator('main').textContent()).not.toContain(NEED);
      await expectNoSeriousA11yViolations(centre);

      await centre.goto('/resources?q=' + encodeURIComponent(SERVICE));
      await byTestId(centre, 'resource-result').filter({ hasText: SERVICE }).getByRole('link').click();
      await byTestId(centre, 'resource-history').waitFor();
      await byTestId(centre, 'resource-confirm').click();
      await centre.getByRole('status').filter({ hasText: '確認済みにしました' }).waitFor();
      await expectNoSeriousA11yViolations(centre);
      await byTestId(centre, 'resource-edit').click();
      await byTestId(centre, 'resource-form').waitFor();
      await expect.poll(() => byTestId(centre, 'resource-form-name').inputValue()).toBe(SERVICE);
      await expectNoSeriousA11yViolations(centre);
      await centre.goto('/resources/import');
      await byTestId(centre, 'resource-import-dryrun').waitFor();
      await expectNoSeriousA11yViolations(centre);
    } finally {
      await centreContext.close();
    }
  });
});
