import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface A11yOptions {
  /** CSS selectors to leave out of the analysis (third-party widgets, say). */
  exclude?: string[];
  /** Rule ids to skip, each with a reason in the calling test. */
  disableRules?: string[];
}

/**
 * Runs axe (WCAG 2.1 A and AA) on the page as it is now and fails with a readable list of
 * the serious and critical violations: rule id, what to fix, and the first elements concerned.
 */
export async function expectNoSeriousA11yViolations(page: Page, options: A11yOptions = {}): Promise<void> {
  // Colours are measured as painted: let finite enter transitions (a Message fading in) finish.
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
      undefined,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector);
  if (options.disableRules?.length) builder = builder.disableRules(options.disableRules);
  const results = await builder.analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (serious.length === 0) return;
  const lines = serious.map((v) => {
    const targets = v.nodes
      .slice(0, 3)
      .map((n) => {
        const why = (n.failureSummary ?? '').split('\n').slice(1, 2).join('').trim();
        return `      ${n.target.map(String).join(' ')}${why ? `\n        ${why}` : ''}`;
      })
      .join('\n');
    const more = v.nodes.length > 3 ? `\n      … and ${v.nodes.length - 3} more` : '';
    return `  - [${v.impact}] ${v.id}: ${v.help}\n    ${v.helpUrl}\n${targets}${more}`;
  });
  throw new Error(
    `${serious.length} serious accessibility violation(s) on ${page.url()}:\n${lines.join('\n')}`,
  );
}
