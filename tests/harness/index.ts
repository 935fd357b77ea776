export { startApp, type RunningApp, type StartAppOptions } from './app.ts';
export { launchBrowser, newAppContext, ensureChromium, CHROMIUM_PATH, CHROMIUM_ARGS } from './chromium.ts';
export { expectNoSeriousA11yViolations, WCAG_TAGS, type A11yOptions } from './axe.ts';
export { ensureWebBuilt } from './web-build.ts';
