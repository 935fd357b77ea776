import { Secret, TOTP } from 'otpauth';
import type { Locator, Page } from 'playwright-core';

/** The demo seed's password (all accounts) and TOTP secret (centre staff and admin). */
export const DEMO_PASSWORD = 'tsunagu-demo-2026';
export const DEMO_TOTP_SECRET = 'JBSWY3DPEHPK3PXP';

export type DemoRole = 'coordinator' | 'supporter' | 'center' | 'admin';

export const DEMO_EMAILS: Record<DemoRole, string> = {
  coordinator: 'coordinator@example.jp',
  supporter: 'supporter@example.jp',
  center: 'center@example.jp',
  admin: 'admin@example.jp',
};

const TOTP_PERIOD_S = 30;

/**
 * The last TOTP time step used per account (`baseUrl|email`): the server accepts a step once,
 * and one step either side of now, so a second sign-in takes the next step or waits for it.
 */
const lastStep = new Map<string, number>();

const currentStep = () => Math.floor(Date.now() / 1000 / TOTP_PERIOD_S);

/**
 * A 6-digit code the server will accept for this account now: the current step, or the next
 * one if the current step was already used. Waits (polling) when even that one is spent.
 */
export async function totpCode(
  account: string,
  secret = DEMO_TOTP_SECRET,
  timeoutMs = 65_000,
): Promise<string> {
  const used = lastStep.get(account);
  const deadline = Date.now() + timeoutMs;
  let step = Math.max(currentStep(), (used ?? -Infinity) + 1);
  // The server allows a drift of one step ahead: wait until `step` is within reach.
  while (step > currentStep() + 1) {
    if (Date.now() > deadline) throw new Error(`totpCode: no fresh TOTP step for ${account} in time`);
    await new Promise((r) => setTimeout(r, 500));
    step = Math.max(currentStep(), (used ?? -Infinity) + 1);
  }
  lastStep.set(account, step);
  const totp = new TOTP({ secret: Secret.fromBase32(secret), period: TOTP_PERIOD_S });
  return totp.generate({ timestamp: step * TOTP_PERIOD_S * 1000 });
}

/** A 6-digit code that is not valid for this secret anywhere near now (for refusal tests). */
export function wrongTotpCode(secret = DEMO_TOTP_SECRET): string {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), period: TOTP_PERIOD_S });
  const now = currentStep();
  const valid = new Set(
    [-3, -2, -1, 0, 1, 2, 3].map((d) => totp.generate({ timestamp: (now + d) * TOTP_PERIOD_S * 1000 })),
  );
  for (let n = 0; ; n++) {
    const code = String(n).padStart(6, '0');
    if (!valid.has(code)) return code;
  }
}

export interface Credentials {
  email: string;
  password: string;
  /** base32 secret when the account has TOTP enabled */
  totpSecret?: string;
}

export function demoCredentials(role: DemoRole): Credentials {
  const email = DEMO_EMAILS[role];
  return {
    email,
    password: DEMO_PASSWORD,
    ...(role === 'center' || role === 'admin' ? { totpSecret: DEMO_TOTP_SECRET } : {}),
  };
}

export const byTestId = (page: Page, id: string): Locator => page.locator(`[data-testid="${id}"]`);

/**
 * Signs in through /login (password, then the 6-digit code when the server asks for it) and
 * waits until the app shows the signed-in header on the page it redirects to.
 */
export async function signIn(page: Page, who: DemoRole | Credentials, timeoutMs = 20_000): Promise<void> {
  const creds = typeof who === 'string' ? demoCredentials(who) : who;
  await page.goto('/login');
  const origin = new URL(page.url()).origin;
  await byTestId(page, 'login-email').fill(creds.email, { timeout: timeoutMs });
  await byTestId(page, 'login-password').fill(creds.password);
  const firstAnswer = page.waitForResponse(
    (r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST',
    { timeout: timeoutMs },
  );
  await byTestId(page, 'login-submit').click();
  const first = await firstAnswer;
  if (creds.totpSecret) {
    if (first.status() !== 401)
      throw new Error(`signIn: expected the server to ask for a TOTP code (401), got ${first.status()}`);
    const code = await totpCode(`${origin}|${creds.email}`, creds.totpSecret);
    await byTestId(page, 'login-totp').fill(code, { timeout: timeoutMs });
    const second = page.waitForResponse(
      (r) => r.url().endsWith('/api/auth/login') && r.request().method() === 'POST',
      { timeout: timeoutMs },
    );
    await byTestId(page, 'login-submit').click();
    const answer = await second;
    if (answer.status() !== 200)
      throw new Error(`signIn: the TOTP sign-in of ${creds.email} answered ${answer.status()}`);
  } else if (first.status() !== 200) {
    throw new Error(`signIn: the sign-in of ${creds.email} answered ${first.status()}`);
  }
  await page.waitForURL((url) => url.pathname !== '/login', { timeout: timeoutMs });
  await byTestId(page, 'nav-logout').waitFor({ timeout: timeoutMs });
}

/**
 * Opens a PrimeVue MultiSelect (by its root's test id), ticks the options with these exact
 * accessible names, and closes the overlay again.
 */
export async function pickOptions(page: Page, testId: string, names: string[]): Promise<void> {
  const root = byTestId(page, testId);
  await root.click();
  const listbox = page.getByRole('listbox').last();
  await listbox.waitFor();
  for (const name of names) {
    const option = listbox.getByRole('option', { name, exact: true });
    await option.click();
    await page.waitForFunction(
      (el) => el?.getAttribute('aria-selected') === 'true',
      await option.elementHandle(),
    );
  }
  await page.keyboard.press('Escape');
  await listbox.waitFor({ state: 'detached' });
}

/** Fails when the page scrolls sideways (its content is wider than the viewport). */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; clientWidth: number }> {
  return page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
}

export const PHONE_WIDTH = { width: 375, height: 812 };

/**
 * At 375 px width, the page must not scroll sideways. Resizes the page's viewport, waits for
 * `ready` (an element of the page as laid out at that width), measures, and restores the size.
 */
export async function expectNoHorizontalScrollAtPhoneWidth(page: Page, ready?: Locator): Promise<void> {
  const before = page.viewportSize();
  await page.setViewportSize(PHONE_WIDTH);
  try {
    await page.waitForFunction((w) => window.innerWidth === w, PHONE_WIDTH.width);
    if (ready) await ready.waitFor();
    const { scrollWidth, clientWidth } = await horizontalOverflow(page);
    if (scrollWidth > clientWidth)
      throw new Error(
        `${page.url()} scrolls sideways at ${PHONE_WIDTH.width} px: content ${scrollWidth} px wide, viewport ${clientWidth} px`,
      );
  } finally {
    if (before) await page.setViewportSize(before);
  }
}
