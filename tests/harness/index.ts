export { startApp, type RunningApp, type StartAppOptions } from './app.ts';
export { launchBrowser, newAppContext, ensureChromium, CHROMIUM_PATH, CHROMIUM_ARGS } from './chromium.ts';
export { expectNoSeriousA11yViolations, WCAG_TAGS, type A11yOptions } from './axe.ts';
export { ensureWebBuilt } from './web-build.ts';
export {
  signIn,
  totpCode,
  wrongTotpCode,
  pickOptions,
  byTestId,
  demoCredentials,
  horizontalOverflow,
  expectNoHorizontalScrollAtPhoneWidth,
  DEMO_EMAILS,
  DEMO_PASSWORD,
  DEMO_TOTP_SECRET,
  PHONE_WIDTH,
  type Credentials,
  type DemoRole,
} from './session.ts';
