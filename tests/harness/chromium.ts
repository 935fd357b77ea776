import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';
import { aptInstall, debInstalled, isRoot } from './system.ts';

/** Debian's Chromium; a browser is never downloaded. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const hasJapaneseFont = () => debInstalled('fonts-ipafont-gothic') || debInstalled('fonts-noto-cjk');

/**
 * Makes sure Debian's `chromium` (and a Japanese font, so screenshots are legible) is
 * installed: installs them with apt when running as root, otherwise throws naming the package.
 */
export function ensureChromium(): string {
  const missing: string[] = [];
  if (!existsSync(CHROMIUM_PATH)) missing.push('chromium');
  if (!hasJapaneseFont()) missing.push('fonts-ipafont-gothic');
  if (missing.length === 0) return CHROMIUM_PATH;
  if (!isRoot()) {
    if (missing.includes('chromium')) {
      throw new Error(
        `${CHROMIUM_PATH} is missing: install Debian's browser with ` +
          `"sudo apt-get install -y chromium fonts-ipafont-gothic" (the tests never download a browser).`,
      );
    }
    console.warn('[tests] no Japanese font: install fonts-ipafont-gothic, or screenshots will show boxes.');
    return CHROMIUM_PATH;
  }
  aptInstall(missing);
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`apt-get installed chromium but ${CHROMIUM_PATH} is still missing.`);
  return CHROMIUM_PATH;
}

/** Launches headless Debian Chromium through playwright-core (it manages the user data dir). */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = ensureChromium();
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/** A fresh browser context (cookies, storage) on the app, in Japanese as our users see it. */
export function newAppContext(
  browser: Browser,
  baseURL: string,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  return browser.newContext({
    baseURL,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    viewport: { width: 1280, height: 800 },
    ...options,
  });
}
