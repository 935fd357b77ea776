import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  byTestId,
  DEMO_PASSWORD,
  expectNoHorizontalScrollAtPhoneWidth,
  expectNoSeriousA11yViolations,
  launchBrowser,
  newAppContext,
  signIn,
  startApp,
  totpCode,
  type RunningApp,
} from '../harness/index.ts';

const A_EMAIL = 'coordinator@example.jp';
const B_EMAIL = 'coordinator2@example.jp';
const CENTRE_EMAIL = 'center@example.jp';

interface Session {
  accessToken: string;
  user: { id: string; displayName: string };
}

/** Signs in through the API (a session of its own, beside the browser's). */
async function apiLogin(baseUrl: string, email: string, withTotp = false): Promise<Session> {
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

async function apiPost<T>(baseUrl: string, session: Session, path: string, body: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      Authorization: `Bearer ${session.accessToken}`,
      Origin: baseUrl,
    },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Types into a composer (keystrokes, so the typing indicator fires) and sends with Enter. */
async function type(page: Page, text: string) {
  const box = byTestId(page, 'composer-text');
  await box.click();
  await box.pressSequentially(text, { delay: 15 });
}

describe('messaging: two coordinators in real time, live notifications', () => {
  let app: RunningApp;
  let browser: Browser;
  let aContext: BrowserContext;
  let bContext: BrowserContext;
  let a: Page;
  let b: Page;
  let conversationPath = '';
  const pageLog: string[] = [];

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    aContext = await newAppContext(browser, app.baseUrl);
    bContext = await newAppContext(browser, app.baseUrl);
    a = await aContext.newPage();
    b = await bContext.newPage();
    a.setDefaultTimeout(15_000);
    b.setDefaultTimeout(15_000);
    // Kept for the report of a failed step: what the page said and what the server logged.
    a.on('console', (m) => pageLog.push(`[a console.${m.type()}] ${m.text()}`));
    a.on('pageerror', (e) => pageLog.push(`[a pageerror] ${e.message}`));
  });
  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail')
      console.error(`${pageLog.slice(-40).join('\n')}\n[server]\n${app.output().slice(-4000)}`);
    pageLog.length = 0;
  });
  afterAll(async () => {
    await aContext?.close();
    await bContext?.close();
    await browser?.close();
    await app?.stop();
  });

  it('opens a direct conversation from the coordinator page', async () => {
    const peer = await apiLogin(app.baseUrl, B_EMAIL);
    await signIn(a, { email: A_EMAIL, password: DEMO_PASSWORD });
    await a.goto(`/coordinators/${peer.user.id}`);
    await byTestId(a, 'coordinator-send-message').click();
    await a.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    conversationPath = new URL(a.url()).pathname;
    await expect(byTestId(a, 'conversation-name').textContent()).resolves.toContain(peer.user.displayName);
    await byTestId(a, 'connection-state')
      .and(a.locator('[data-state=online]'))
      .waitFor({ state: 'attached' });
    await expectNoSeriousA11yViolations(a);

    await signIn(b, { email: B_EMAIL, password: DEMO_PASSWORD });
    await byTestId(b, 'nav-messages').click();
    const item = b.locator(`[data-testid=conversation-item][href="${conversationPath}"]`);
    await item.waitFor();
    await expectNoSeriousA11yViolations(b);
    await item.click();
    await b.waitForURL((url) => url.pathname === conversationPath);
    await byTestId(b, 'conversation-name').waitFor();
    await byTestId(b, 'connection-state')
      .and(b.locator('[data-state=online]'))
      .waitFor({ state: 'attached' });
  });

  it('exchanges messages live, with typing indicators and read receipts', async () => {
    const first = '**はじめまして**。西部圏域の短期入所について相談させてください';
    await type(a, first);
    await byTestId(b, 'typing-indicator').filter({ hasText: '入力中' }).waitFor();
    await byTestId(a, 'composer-text').press('Enter');

    const received = byTestId(b, 'message').filter({ hasText: '西部圏域の短期入所' });
    await received.waitFor();
    await expect(received.getByTestId('message-text').locator('strong').textContent()).resolves.toBe(
      'はじめまして',
    );
    await byTestId(b, 'typing-indicator').filter({ hasText: /^\s*$/ }).waitFor();
    // B has it on screen: A's copy shows it was read.
    await byTestId(a, 'message')
      .filter({ hasText: '西部圏域の短期入所' })
      .getByTestId('message-read')
      .filter({ hasText: '既読' })
      .waitFor();

    await type(b, 'こちらこそ。[資料](https://example.jp/shiryo) をご覧ください');
    await byTestId(a, 'typing-indicator').filter({ hasText: '入力中' }).waitFor();
    await byTestId(b, 'composer-send').click();
    const reply = byTestId(a, 'message').filter({ hasText: 'こちらこそ' });
    await reply.waitFor();
    const link = reply.locator('a[href="https://example.jp/shiryo"]');
    await expect(link.getAttribute('target')).resolves.toBe('_blank');
    await expect(link.getAttribute('rel')).resolves.toContain('noopener');
    await byTestId(b, 'message')
      .filter({ hasText: 'こちらこそ' })
      .getByTestId('message-read')
      .filter({ hasText: '既読' })
      .waitFor();

    // Raw HTML is shown as text, never run.
    await type(a, '<img src=x onerror="window.__xss=1">');
    await byTestId(a, 'composer-text').press('Enter');
    await byTestId(b, 'message').filter({ hasText: '<img src=x' }).waitFor();
    expect(await b.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await byTestId(b, 'message-timeline').locator('img').count()).toBe(0);

    await expectNoSeriousA11yViolations(a);
    await expectNoSeriousA11yViolations(b);
  });

  it('edits and deletes an own message for both sides', async () => {
    const mine = byTestId(a, 'message').filter({ hasText: '<img src=x' });
    a.once('dialog', (d) => void d.accept());
    await mine.getByTestId('message-delete').click();
    await byTestId(b, 'message-deleted').filter({ hasText: 'このメッセージは削除されました' }).waitFor();
  });

  it('edits a message, replies in a thread, and finds messages by a Japanese search', async () => {
    const mine = byTestId(a, 'message').filter({ hasText: '西部圏域の短期入所' });
    await mine.getByTestId('message-edit').click();
    await byTestId(a, 'message-edit-text').fill('はじめまして。東部圏域の短期入所について相談させてください');
    await byTestId(a, 'message-edit-save').click();
    await byTestId(b, 'message')
      .filter({ hasText: '東部圏域の短期入所' })
      .filter({ hasText: '編集済み' })
      .waitFor();

    await byTestId(b, 'message').filter({ hasText: '東部圏域' }).getByTestId('message-reply').click();
    await byTestId(b, 'thread-panel').waitFor();
    await byTestId(b, 'thread-composer-text').fill('スレッドで返信します');
    await byTestId(b, 'thread-composer-text').press('Enter');
    await byTestId(b, 'thread-panel')
      .getByTestId('message')
      .filter({ hasText: 'スレッドで返信します' })
      .waitFor();
    await byTestId(a, 'message').filter({ hasText: '東部圏域' }).getByText('返信1件').waitFor();
    await expectNoSeriousA11yViolations(b);

    await a.goto('/messages');
    await byTestId(a, 'messages-tab-search').click();
    // Katakana in the message, hiragana in the query: the search folds kana.
    await byTestId(a, 'message-search-q').fill('すれっど');
    await byTestId(a, 'message-search-submit').click();
    await byTestId(a, 'message-search-results').filter({ hasText: 'スレッドで返信します' }).waitFor();
    await expectNoSeriousA11yViolations(a);
  });

  it('lists open channels per 圏域 and profession, and joins one', async () => {
    await byTestId(a, 'messages-tab-group').click();
    await byTestId(a, 'group-name').waitFor();
    await expectNoSeriousA11yViolations(a);
    await byTestId(a, 'messages-tab-channels').click();
    await expectNoHorizontalScrollAtPhoneWidth(a, byTestId(a, 'channel-browser'));
    const channel = byTestId(a, 'channel')
      .filter({ has: a.getByTestId('channel-join') })
      .first();
    await channel.waitFor();
    await expectNoSeriousA11yViolations(a);
    const name = (await channel.locator('strong').textContent())!.trim();
    await channel.getByTestId('channel-join').click();
    await a.waitForURL(/\/messages\/[0-9a-f-]{36}$/);
    await expect(byTestId(a, 'conversation-name').textContent()).resolves.toBe(name);
    await expectNoSeriousA11yViolations(a);
    await a.goto(conversationPath);
    await byTestId(a, 'conversation-name').waitFor();
  });

  it('keeps a message written offline and sends it, once, when the connection returns', async () => {
    await aContext.setOffline(true);
    await byTestId(a, 'connection-state')
      .and(a.locator('[data-state=offline]'))
      .waitFor({ state: 'attached', timeout: 30_000 });
    await type(a, 'オフライン中に書いたメッセージ');
    await byTestId(a, 'composer-text').press('Enter');
    await byTestId(a, 'message-pending').filter({ hasText: 'オフライン中に書いた' }).waitFor();
    await aContext.setOffline(false);
    await byTestId(b, 'message').filter({ hasText: 'オフライン中に書いた' }).waitFor({ timeout: 30_000 });
    await byTestId(a, 'message-pending').waitFor({ state: 'detached' });
    expect(await byTestId(b, 'message').filter({ hasText: 'オフライン中に書いた' }).count()).toBe(1);
  });

  it('keeps a message typed offline across a reload (IndexedDB) and stores it once', async () => {
    const text = '再読み込みしても消えないメッセージ';
    // The realtime connection is refused while pages still load: the outbox cannot send.
    let blocked = true;
    await aContext.routeWebSocket(/\/socket\.io\//, (ws) => (blocked ? ws.close() : ws.connectToServer()));
    await aContext.route('**/socket.io/**', (route) => (blocked ? route.abort() : route.continue()));
    onTestFinished(() => {
      // Whatever happened, the next journeys have a connection again.
      blocked = false;
    });
    await aContext.setOffline(true);
    await byTestId(a, 'connection-state')
      .and(a.locator('[data-state=offline]'))
      .waitFor({ state: 'attached', timeout: 30_000 });
    await aContext.setOffline(false);
    await type(a, text);
    await byTestId(a, 'composer-text').press('Enter');
    await byTestId(a, 'message-pending').filter({ hasText: text }).waitFor();
    // Written to IndexedDB before the page goes away.
    await a.waitForFunction(
      (t) =>
        new Promise<boolean>((resolve) => {
          const open = indexedDB.open('tsunagu-outbox');
          open.onsuccess = () => {
            const all = open.result.transaction('messages').objectStore('messages').getAll();
            all.onsuccess = () => resolve(JSON.stringify(all.result).includes(t));
          };
        }),
      text,
    );

    await a.reload();
    await byTestId(a, 'message-pending').filter({ hasText: text }).waitFor();
    expect(await byTestId(b, 'message').filter({ hasText: text }).count()).toBe(0);

    blocked = false;
    await byTestId(b, 'message').filter({ hasText: text }).waitFor({ timeout: 30_000 });
    await byTestId(a, 'message-pending').filter({ hasText: text }).waitFor({ state: 'detached' });
    // Reloaded again: nothing is left to send, and the server holds it once.
    await a.reload();
    await byTestId(a, 'message').filter({ hasText: text }).waitFor();
    expect(await byTestId(a, 'message-pending').count()).toBe(0);
    const reader = await apiLogin(app.baseUrl, B_EMAIL);
    const conversationId = conversationPath.split('/').at(-1)!;
    const res = await fetch(`${app.baseUrl}/api/conversations/${conversationId}/messages?limit=100`, {
      headers: { Authorization: `Bearer ${reader.accessToken}` },
    });
    const page = (await res.json()) as { items: { text: string }[] };
    expect(page.items.filter((m) => m.text === text)).toHaveLength(1);
    expect(await byTestId(b, 'message').filter({ hasText: text }).count()).toBe(1);
  });

  it('shows, after a sync, the edits and deletions made while this client was offline', async () => {
    await byTestId(b, 'message').filter({ hasText: '再読み込みしても消えない' }).waitFor();
    await bContext.setOffline(true);
    await byTestId(b, 'connection-state')
      .and(b.locator('[data-state=offline]'))
      .waitFor({ state: 'attached', timeout: 30_000 });

    const edited = byTestId(a, 'message').filter({ hasText: '再読み込みしても消えない' });
    await edited.getByTestId('message-edit').click();
    await byTestId(a, 'message-edit-text').fill('オフラインの間に訂正したメッセージ');
    await byTestId(a, 'message-edit-save').click();
    await byTestId(a, 'message').filter({ hasText: 'オフラインの間に訂正した' }).waitFor();
    a.once('dialog', (d) => void d.accept());
    await byTestId(a, 'message')
      .filter({ hasText: 'オフライン中に書いた' })
      .getByTestId('message-delete')
      .click();
    await byTestId(a, 'message').filter({ hasText: 'オフライン中に書いた' }).waitFor({ state: 'detached' });

    await bContext.setOffline(false);
    await byTestId(b, 'message')
      .filter({ hasText: 'オフラインの間に訂正した' })
      .filter({ hasText: '編集済み' })
      .waitFor({ timeout: 30_000 });
    await byTestId(b, 'message').filter({ hasText: 'オフライン中に書いた' }).waitFor({ state: 'detached' });
    expect(await byTestId(b, 'message').filter({ hasText: '再読み込みしても消えない' }).count()).toBe(0);
  });

  it('is usable at 375 px', async () => {
    await expectNoHorizontalScrollAtPhoneWidth(b, byTestId(b, 'composer-text'));
  });

  it("updates the author's bell when the centre replies to a consultation, without reload", async () => {
    const author = await apiLogin(app.baseUrl, A_EMAIL);
    const consultation = await apiPost<{ id: string }>(app.baseUrl, author, '/api/consultations', {
      title: '気管切開のある2歳児の保育園入園について',
      categories: ['service_coordination'],
      ageBand: 'preschool',
      careTypes: ['tracheostomy'],
      area: '31-west',
      livingSituation: '両親と本児の3人暮らし。',
      tried: '市の保育課に相談済み。',
      asked: '看護師配置のある保育園の情報がほしい。',
      body: '気管切開あり。吸引は1日数回。',
      urgency: 'normal',
    });
    const badge = byTestId(a, 'notifications-badge');
    const before = (await badge.count()) ? Number(await badge.textContent()) : 0;
    await a.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));

    const centre = await apiLogin(app.baseUrl, CENTRE_EMAIL, true);
    await apiPost(app.baseUrl, centre, `/api/consultations/${consultation.id}/replies`, {
      body: '西部圏域で看護師を配置している保育園があります。',
    });

    // The socket delivers it: well before the 30 s poll, and on the same page.
    await a.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=notifications-badge]')?.textContent ?? 0) > n,
      before,
      { timeout: 10_000 },
    );
    expect(await a.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    expect(new URL(a.url()).pathname).toBe(conversationPath);
    await expectNoSeriousA11yViolations(a);
  });
});
