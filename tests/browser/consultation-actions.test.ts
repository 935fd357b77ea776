import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoSeriousA11yViolations } from '../harness/axe.ts';
import { startApp, type RunningApp } from '../harness/app.ts';
import { launchBrowser, newAppContext } from '../harness/chromium.ts';
import { byTestId, DEMO_PASSWORD, totpCode } from '../harness/session.ts';

// The web shows a consultation's and a case report's actions from the server's `can` flags only:
// for the author, an invited coordinator and centre staff, what is on screen is what `can` says.

const AUTHOR = 'coordinator@example.jp';
const INVITED = 'coordinator2@example.jp';
const CENTRE = 'center@example.jp';
const TITLE = '気管切開のある児の保育所入所の調整';
const REPORT_TITLE = '気管切開のある児の保育所入所：看護師の配置まで';

interface Session {
  accessToken: string;
  user: { id: string };
}

async function apiLogin(baseUrl: string, email: string, withTotp: boolean): Promise<Session> {
  const login = (totp?: string) =>
    fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: baseUrl },
      body: JSON.stringify({ email, password: DEMO_PASSWORD, ...(totp ? { totp } : {}) }),
    });
  let res = await login();
  if (withTotp) res = await login(await totpCode(`${baseUrl}|${email}`));
  if (res.status !== 200) throw new Error(`API sign-in of ${email}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Session;
}

async function api<T>(baseUrl: string, s: Session, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      Authorization: `Bearer ${s.accessToken}`,
      Origin: baseUrl,
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

async function signIn(page: Page, baseUrl: string, email: string, withTotp: boolean) {
  await page.goto('/login');
  await byTestId(page, 'login-email').fill(email);
  await byTestId(page, 'login-password').fill(DEMO_PASSWORD);
  await byTestId(page, 'login-submit').click();
  if (withTotp) {
    await byTestId(page, 'login-totp').fill(await totpCode(`${baseUrl}|${email}`));
    await byTestId(page, 'login-submit').click();
  }
  await byTestId(page, 'nav-logout').waitFor();
}

const shown = async (page: Page, testid: string) => (await byTestId(page, testid).count()) > 0;

type ConsultationCan = Record<
  | 'edit'
  | 'reply'
  | 'note'
  | 'markAnswer'
  | 'triage'
  | 'assign'
  | 'invite'
  | 'redact'
  | 'close'
  | 'reopen'
  | 'writeReport',
  boolean
>;

describe('consultation and case report actions follow `can`', () => {
  let app: RunningApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages: Record<string, Page> = {};
  const sessions: Record<string, Session> = {};
  let consultationId = '';
  let reportId = '';

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    sessions.author = await apiLogin(app.baseUrl, AUTHOR, false);
    sessions.invited = await apiLogin(app.baseUrl, INVITED, false);
    sessions.centre = await apiLogin(app.baseUrl, CENTRE, true);
    const posted = await api<{ id: string }>(app.baseUrl, sessions.author, 'POST', '/api/consultations', {
      title: TITLE,
      categories: ['service_coordination'],
      ageBand: 'preschool',
      careTypes: ['tracheostomy'],
      area: '31-west',
      asked: '保育所で吸引を担う看護師の配置をどう調整するか知りたい。',
      urgency: 'normal',
    });
    consultationId = posted.id;
    await api(app.baseUrl, sessions.centre, 'PATCH', `/api/consultations/${consultationId}`, {
      status: 'triaged',
      inviteUserIds: [sessions.invited.user.id],
    });
    await api(app.baseUrl, sessions.centre, 'POST', `/api/consultations/${consultationId}/replies`, {
      body: '市の保育課と訪問看護の連携で配置した例があります。',
      markAsAnswer: true,
    });
    const report = await api<{ id: string }>(app.baseUrl, sessions.author, 'POST', '/api/case-reports', {
      consultationId,
      title: REPORT_TITLE,
      summary: '未就学の気管切開のある児。保育所での吸引体制を整えるため、保育課と訪問看護が協議した。',
      whatWorked: '入所前の体験保育と、主治医の指示書の早めの準備。',
    });
    reportId = report.id;
    await api(app.baseUrl, sessions.centre, 'POST', `/api/case-reports/${reportId}/review`, {
      decision: 'publish',
    });
    for (const [who, email] of [
      ['author', AUTHOR],
      ['invited', INVITED],
      ['centre', CENTRE],
    ] as const) {
      const context = await newAppContext(browser, app.baseUrl);
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await signIn(page, app.baseUrl, email, who === 'centre');
      pages[who] = page;
    }
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await app?.stop();
  });

  for (const who of ['author', 'invited', 'centre'] as const)
    it(`shows ${who} exactly the consultation actions of can`, async () => {
      const page = pages[who]!;
      const { can } = await api<{ can: ConsultationCan }>(
        app.baseUrl,
        sessions[who]!,
        'GET',
        `/api/consultations/${consultationId}`,
      );
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.goto(`/consultations/${consultationId}`);
      await byTestId(page, 'consultation-title').waitFor();
      await byTestId(page, 'reply').first().waitFor();
      expect(await shown(page, 'triage-panel')).toBe(can.triage);
      expect(await shown(page, 'expert-suggestions')).toBe(can.invite);
      expect(await shown(page, 'redact-panel')).toBe(can.redact);
      expect(await shown(page, 'reply-body')).toBe(can.reply);
      expect(await shown(page, 'reply-internal-toggle')).toBe(can.note);
      expect(await shown(page, 'consultation-write-report')).toBe(can.writeReport);
      // Outside the centre's triage panel, closing and reopening are buttons of their own.
      expect(await shown(page, 'consultation-close')).toBe(can.close && !can.triage);
      expect(await shown(page, 'consultation-reopen')).toBe(can.reopen && !can.triage);
      expect(can.edit).toBe(false);
      await expectNoSeriousA11yViolations(page);
      if (can.triage) {
        // With the status menu open, too.
        await byTestId(page, 'triage-status').click();
        await page.getByRole('option').first().waitFor();
        // PrimeVue's overlay keeps two focus-trap sentinels (hidden, focusable on purpose) that
        // axe reports as aria-hidden-focus; everything else of the open menu is checked.
        await expectNoSeriousA11yViolations(page, {
          exclude: [
            '[data-pc-section="hiddenfirstfocusableel"]',
            '[data-pc-section="hiddenlastfocusableel"]',
          ],
        });
        await page.keyboard.press('Escape');
      }

      // Its edit page, for someone who may not edit it, says so (with a way back) instead of a form.
      await page.goto(`/consultations/${consultationId}/edit`);
      await byTestId(page, 'consultation-not-editable').waitFor();
      expect(await shown(page, 'consultation-form')).toBe(false);
      await page.getByRole('link', { name: '相談へ戻る' }).waitFor();
      await page.setViewportSize({ width: 375, height: 800 });
      await expectNoSeriousA11yViolations(page);
    });

  it('reads a published case report under reader headings; its author finds no edit button or form', async () => {
    const page = pages.author!;
    const report = await api<{ can: { edit: boolean; review: boolean; publish: boolean } }>(
      app.baseUrl,
      sessions.author!,
      'GET',
      `/api/case-reports/${reportId}`,
    );
    expect(report.can).toEqual({ edit: false, review: false, publish: false });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`/case-reports/${reportId}`);
      const detail = byTestId(page, 'case-report-detail');
      await detail.waitFor();
      const headings = await detail.locator('h2').allTextContents();
      expect(headings).toContain('概要');
      expect((await detail.textContent()) ?? '').not.toContain('匿名化して書いてください');
      expect(await shown(page, 'case-report-edit')).toBe(report.can.edit);
      expect(await shown(page, 'case-report-review')).toBe(false);
      await expectNoSeriousA11yViolations(page);
    }
    await page.goto(`/case-reports/${reportId}/edit`);
    await byTestId(page, 'case-report-not-editable').waitFor();
    expect(await shown(page, 'case-report-form')).toBe(false);
    await page.getByRole('link', { name: '事例報告へ戻る' }).waitFor();
    await expectNoSeriousA11yViolations(page);

    // The centre may still edit it; it is published, so no review actions are offered.
    const centre = pages.centre!;
    await centre.setViewportSize({ width: 1280, height: 900 });
    await centre.goto(`/case-reports/${reportId}`);
    await byTestId(centre, 'case-report-edit').waitFor();
    expect(await shown(centre, 'case-report-review')).toBe(false);
  });

  it('keeps the state tag on one line in the desktop queue', async () => {
    const page = pages.centre!;
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/consultations');
    const table = byTestId(page, 'consultations-table');
    await table.waitFor();
    const tags = table.locator('.state-tag');
    await tags.first().waitFor();
    // One line: the label's text lays out in a single line box.
    const lines = await tags.evaluateAll((els) =>
      els.map((el) => {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        const tops = new Set<number>();
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const range = document.createRange();
          range.selectNodeContents(node);
          for (const r of range.getClientRects()) if (r.width > 0) tops.add(Math.round(r.top));
        }
        return tops.size;
      }),
    );
    expect(lines.length).toBeGreaterThan(0);
    for (const n of lines) expect(n).toBe(1);
    await expectNoSeriousA11yViolations(page);
  });
});
