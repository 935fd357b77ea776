/** Vitest globalSetup for the browser tests: Chromium present, SPA built, before any test starts. */
import { ensureChromium } from './chromium.ts';
import { ensureWebBuilt } from './web-build.ts';

export default function setup(): void {
  ensureChromium();
  ensureWebBuilt();
}
