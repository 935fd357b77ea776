import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  byTestId,
  DEMO_PASSWORD,
  expectNoHorizontalScrollAtPhoneWidth,
  expectNoSeriousA11yViolations,
  launchBrowser,
  newAppContext,
  signIn,
  startApp,
  type RunningApp,
} from '../harness/index.ts';

// Issue 10 journeys of messaging, at 1280 px and at 375 px: a channel before joining it, the
// centre creating a channel, and a group with people of every role. Axe runs with the dialogs
// and menus open too.

interface Session {
  accessToken: string;
  user: { id: string; displayName: string };
}
interface Channel {
  id: string;
  name: string;
  description: string;
  memberCount: number;
  joined: boolean;
}

async function apiLogin(baseUrl: string, email: string): Promise<Session> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: baseUrl },
    body: JSON.stringify({ email, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`API sign-in of ${email}: ${res.status}`);
  return (await res.json()) as Session;
}

const widths = [
  {
    label: '1280 px',
    viewport: { width: 1280, height: 800 },
    coordinator: 'coordinator11@example.jp',
    centre: 'center' as const,
  },
  {
    label: '375 px',
    viewport: { width: 375, height: 812 },
    coordinator: 'coordinator12@example.jp',
    centre: 'admin' as const,
  },
];

describe('messaging channels and groups (issue 10)', () => {
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageLog: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail')
      console.error(`${pageLog.slice(-40).join('\n')}\n[server]\n${app.output().slice(-4000)}`);
    pageLog.length = 0;
  });
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.stop();
  });

  async function pageAt(viewport: { width: number; height: number }): Promise<Page> {
    const context = await newAppContext(browser, app.baseUrl, { viewport });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('console', (m) => pageLog.push(`[console.${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => pageLog.push(`[pageerror] ${e.message}`));
    return page;
  }

  for (const w of widths)
    describe(`at ${w.label}`, () => {
      let page: Page;
      beforeAll(async () => {
        page = await pageAt(w.viewport);
      });

      it('shows a channel one has not joined with its name, description, members and 参加する', async () => {
        const me = await apiLogin(app.baseUrl, w.coordinator);
        const res = await fetch(`${app.baseUrl}/api/channels`, {
          headers: { Authorization: `Bearer ${me.accessToken}` },
        });
        const channel = ((await res.json()) as { items: Channel[] }).items.find((c) => !c.joined)!;
        await signIn(page, { email: w.coordinator, password: DEMO_PASSWORD });
        await page.goto(`/messages/${channel.id}`);
        const preview = byTestId(page, 'channel-preview');
        await preview.waitFor();
        await expect(preview.getByRole('heading', { level: 1 }).textContent()).resolves.toBe(channel.name);
        await expect(preview.textContent()).resolves.toContain(channel.description);
        await expect(preview.textContent()).resolves.toContain(`${channel.memberCount}人`);
        const join = byTestId(page, 'preview-join');
        await expect(join.textContent()).resolves.toContain('参加する');
        await expectNoSeriousA11yViolations(page);
        await expectNoHorizontalScrollAtPhoneWidth(page, preview);
        await join.click();
        await byTestId(page, 'composer-text').waitFor();
        await byTestId(page, 'channel-preview').waitFor({ state: 'detached' });
        await expect(byTestId(page, 'conversation-name').textContent()).resolves.toBe(channel.name);
        await byTestId(page, 'conversation-leave').waitFor();
        await expectNoSeriousA11yViolations(page);
      });

      it('makes a group with a supporter, found by name like any other role', async () => {
        const supporter = await apiLogin(app.baseUrl, 'supporter@example.jp');
        await page.goto('/messages');
        await byTestId(page, 'messages-tab-group').click();
        await byTestId(page, 'group-name').fill(`多職種の会 ${w.label}`);
        await byTestId(page, 'group-people-q').fill(supporter.user.displayName.slice(0, 2));
        await byTestId(page, 'group-people-find').click();
        const found = byTestId(page, 'people-found')
          .getByRole('listitem')
          .filter({ hasText: supporter.user.displayName });
        await expect(found.textContent()).resolves.toContain('支援者');
        await found.getByRole('button').click();
        await byTestId(page, 'people-picked').filter({ hasText: supporter.user.displayName }).waitFor();
        await expectNoSeriousA11yViolations(page);
        await expectNoHorizontalScrollAtPhoneWidth(page, byTestId(page, 'people-picked'));
        await byTestId(page, 'group-create').click();
        await page.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
        await expect(byTestId(page, 'conversation-name').textContent()).resolves.toBe(
          `多職種の会 ${w.label}`,
        );
        // The creator manages members: the dialog to add some opens, and passes axe open.
        await byTestId(page, 'conversation-add-members').click();
        const dialog = page.getByRole('dialog');
        await dialog.waitFor();
        await expectNoSeriousA11yViolations(page);
        await page.keyboard.press('Escape');
        await dialog.waitFor({ state: 'detached' });
        // The creator may take a member out again (the server's per-member `can`).
        const members = page.locator('details.members');
        await members.locator('summary').click();
        page.once('dialog', (d) => void d.accept());
        await members.getByTestId('member-remove').click();
        await members.locator('summary').filter({ hasText: '(1)' }).waitFor();
        expect(await members.getByTestId('member-remove').count()).toBe(0);
      });

      it('lets the centre create a channel for a 圏域 (and, on the phone, invite-only)', async () => {
        const centrePage = await pageAt(w.viewport);
        await signIn(centrePage, w.centre);
        await centrePage.goto('/messages');
        await byTestId(centrePage, 'channel-new').click();
        const dialog = centrePage.getByRole('dialog');
        await dialog.waitFor();
        const name = `研修のお知らせ ${w.label}`;
        await byTestId(centrePage, 'channel-name').fill(name);
        await byTestId(centrePage, 'channel-description').fill('研修の案内と質問の場');
        await byTestId(centrePage, 'channel-audience').click();
        const listbox = centrePage.getByRole('listbox');
        await listbox.waitFor();
        await expectNoSeriousA11yViolations(centrePage);
        await listbox
          .getByRole('option', { name: /^圏域: / })
          .first()
          .click();
        await listbox.waitFor({ state: 'detached' });
        if (w.viewport.width < 400) await byTestId(centrePage, 'channel-invite-only').click();
        await expectNoSeriousA11yViolations(centrePage);
        await expectNoHorizontalScrollAtPhoneWidth(centrePage, byTestId(centrePage, 'new-channel-form'));
        await byTestId(centrePage, 'channel-create').click();
        await centrePage.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
        await expect(byTestId(centrePage, 'conversation-name').textContent()).resolves.toBe(name);

        // A coordinator does not get the button (the server says so in `can`).
        await page.goto('/messages');
        await byTestId(page, 'channel-browser').getByTestId('channel').first().waitFor();
        expect(await byTestId(page, 'channel-new').count()).toBe(0);
        const listed = byTestId(page, 'channel').filter({ hasText: name });
        // Open: listed to everyone; invite-only: not shown to those outside it.
        expect(await listed.count()).toBe(w.viewport.width < 400 ? 0 : 1);
      });
    });
});
