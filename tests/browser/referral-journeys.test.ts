import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  byTestId,
  expectNoHorizontalScrollAtPhoneWidth,
  expectNoSeriousA11yViolations,
  launchBrowser,
  newAppContext,
  signIn,
  startApp,
  type DemoRole,
  type RunningApp,
} from '../harness/index.ts';

/** The supporter's organisation's short stay (demo seed). */
const SERVICE = '医療型短期入所（レスパイト）';
const LABEL = '西部・はるとくん（4月）';
const WIDE = { width: 1280, height: 900 };

/** Each button of the detail page, by the `can` flag that alone decides whether it is shown. */
const buttons: Record<string, string> = {
  accept: 'referral-accept',
  send: 'referral-send',
  edit: 'referral-edit',
  // The consent is recorded in the draft's form, which the edit button opens.
  consent: 'referral-edit',
  decline: 'referral-decline-submit',
  complete: 'referral-complete-submit',
  cancel: 'referral-cancel-submit',
  message: 'referral-message-send',
  readFamily: 'referral-family-show',
  label: 'referral-label-editor',
};

describe('referrals: choose the recipient in the form, label privately, actions from can', () => {
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let referralPath = '';

  async function pageAs(who: DemoRole): Promise<Page> {
    const context = await newAppContext(browser, app.baseUrl);
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await page.setViewportSize(WIDE);
    await signIn(page, who);
    return page;
  }

  /** Opens the referral and checks that each action is on screen exactly when the server's `can` says so. */
  async function expectButtonsFromCan(page: Page): Promise<Record<string, boolean>> {
    const answer = page.waitForResponse(
      (r) => new URL(r.url()).pathname === `/api${referralPath}` && r.request().method() === 'GET',
    );
    await page.goto(referralPath);
    const can = ((await (await answer).json()) as { can: Record<string, boolean> }).can;
    await byTestId(page, 'referral-title').waitFor();
    expect(Object.keys(can).sort()).toEqual(Object.keys(buttons).sort());
    for (const [flag, testid] of Object.entries(buttons))
      expect(await byTestId(page, testid).count(), `${flag} shown iff can.${flag}`).toBe(can[flag] ? 1 : 0);
    return can;
  }

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.stop();
  });

  it('shows the 状態 filter with its labels, and filters by state', async () => {
    const coordinator = await pageAs('coordinator');
    await coordinator.goto('/referrals');
    await byTestId(coordinator, 'referrals-total').waitFor();
    await expect(byTestId(coordinator, 'referrals-state').textContent()).resolves.toContain('すべての状態');
    await byTestId(coordinator, 'referrals-state').click();
    await coordinator.getByRole('option', { name: '送信済み', exact: true }).waitFor();
    await expectNoSeriousA11yViolations(coordinator);
    await coordinator.getByRole('option', { name: '送信済み', exact: true }).click();
    await coordinator.waitForURL((url) => url.searchParams.get('state') === 'sent');
    await coordinator.getByRole('listbox').waitFor({ state: 'detached' });
    await expect(byTestId(coordinator, 'referrals-state').textContent()).resolves.toContain('送信済み');
    await expectNoHorizontalScrollAtPhoneWidth(coordinator, byTestId(coordinator, 'referrals-state'));
  });

  it('creates a referral from 「新しい紹介」: the recipient is searched and chosen in the form', async () => {
    const coordinator = await pageAs('coordinator');
    await coordinator.goto('/referrals');
    await byTestId(coordinator, 'referral-new').click();
    await byTestId(coordinator, 'referral-form').waitFor();
    await byTestId(coordinator, 'referral-no-recipient').waitFor();
    await expect(byTestId(coordinator, 'referral-send').isDisabled()).resolves.toBe(true);
    await expect(byTestId(coordinator, 'referral-save-draft').isDisabled()).resolves.toBe(true);
    await expectNoSeriousA11yViolations(coordinator);
    await expectNoHorizontalScrollAtPhoneWidth(coordinator, byTestId(coordinator, 'referral-form'));

    await coordinator.locator('#referral-recipient-search').pressSequentially('医療型短期入所');
    const option = coordinator.getByRole('option').filter({ hasText: SERVICE }).first();
    await option.waitFor();
    await expectNoSeriousA11yViolations(coordinator);
    await option.click();
    await expect(byTestId(coordinator, 'referral-recipient').textContent()).resolves.toContain(SERVICE);
    await expect(byTestId(coordinator, 'referral-consent-covers').textContent()).resolves.toContain(SERVICE);
    await expect(byTestId(coordinator, 'referral-send').isDisabled()).resolves.toBe(false);

    await byTestId(coordinator, 'referral-private-label').fill(LABEL);
    await byTestId(coordinator, 'referral-need').fill('夜間の人工呼吸器管理がある4歳児の短期入所を希望。');
    await byTestId(coordinator, 'referral-family-name').fill('架空 はると');
    await byTestId(coordinator, 'referral-consent-written').click();
    await byTestId(coordinator, 'referral-send').click();
    await coordinator.waitForURL(/\/referrals\/[0-9a-f-]{36}$/);
    referralPath = new URL(coordinator.url()).pathname;
    await expect(byTestId(coordinator, 'referral-private-label-shown').textContent()).resolves.toContain(
      LABEL,
    );
    await expectNoSeriousA11yViolations(coordinator);

    await coordinator.goto('/referrals?direction=sent');
    const card = byTestId(coordinator, 'referral-card').filter({
      has: coordinator.locator(`[href="${referralPath}"]`),
    });
    await expect(card.getByTestId('referral-card-label').textContent()).resolves.toContain(LABEL);
    await expectNoHorizontalScrollAtPhoneWidth(coordinator, card);
  });

  it('opens the form preselected from ?toUser= (a coordinator) and ?age= (the age band)', async () => {
    const coordinator = await pageAs('coordinator');
    await coordinator.goto('/referrals/new');
    await byTestId(coordinator, 'referral-recipient-coordinator').click();
    const search = coordinator.waitForResponse((r) => new URL(r.url()).pathname === '/api/coordinators');
    await byTestId(coordinator, 'referral-recipient-search').locator('button').click();
    const peer = ((await (await search).json()) as { items: { id: string; displayName: string }[] })
      .items[0]!;
    await coordinator.goto(`/referrals/new?toUser=${peer.id}&age=4`);
    await expect(byTestId(coordinator, 'referral-recipient').textContent()).resolves.toContain(
      peer.displayName,
    );
    await expect(coordinator.locator('#referral-recipient-coordinator').isChecked()).resolves.toBe(true);
    await expect(byTestId(coordinator, 'referral-age-band').textContent()).resolves.toContain(
      '3〜5歳（未就学）',
    );
    await expectNoSeriousA11yViolations(coordinator);
  });

  it('shows each side only the actions its can allows, and the label to the sender only', async () => {
    const sender = await pageAs('coordinator');
    expect(await expectButtonsFromCan(sender)).toMatchObject({ cancel: true, accept: false, label: true });

    const member = await pageAs('supporter');
    expect(await expectButtonsFromCan(member)).toMatchObject({ accept: true, decline: true, cancel: false });
    expect(await member.locator('main').textContent()).not.toContain(LABEL);
    await expectNoSeriousA11yViolations(member);
    await member.goto('/referrals?direction=received');
    await member.locator(`[data-testid=referral-link][href="${referralPath}"]`).waitFor();
    expect(await member.locator('main').textContent()).not.toContain(LABEL);

    const centre = await pageAs('center');
    const can = await expectButtonsFromCan(centre);
    expect(Object.values(can).some(Boolean)).toBe(false);
    expect(await centre.locator('main').textContent()).not.toContain(LABEL);
    await expectNoSeriousA11yViolations(centre);
    await expectNoHorizontalScrollAtPhoneWidth(centre, byTestId(centre, 'referral-title'));
  });
});
