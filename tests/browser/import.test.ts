import iconv from 'iconv-lite';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApp, type RunningApp } from '../harness/app.ts';
import { expectNoSeriousA11yViolations } from '../harness/axe.ts';
import { launchBrowser, newAppContext } from '../harness/chromium.ts';
import { byTestId, expectNoHorizontalScrollAtPhoneWidth, signIn } from '../harness/session.ts';

// ── A fictional prefecture list of 300 coordinators, as Excel saves it (Shift_JIS/CP932, CRLF) ──

const HEADER = [
  '氏名',
  'ふりがな',
  'メールアドレス',
  '所属機関',
  '機関種別',
  '所在市町村',
  '資格',
  '研修修了年度',
  '担当市町村',
  '医療的ケア',
  '支援領域',
  '相談受付',
  '電話',
  '連絡方法',
] as const;
type Row = Record<(typeof HEADER)[number], string>;

// Plainly invented surnames (架空, 見本, 試作…): no real person is named.
const FAMILY = [
  ['架空', 'かくう'],
  ['見本', 'みほん'],
  ['試作', 'しさく'],
  ['仮野', 'かりの'],
  ['例田', 'れいだ'],
  ['模擬', 'もぎ'],
  ['空想', 'くうそう'],
  ['夢野', 'ゆめの'],
  ['想定', 'そうてい'],
  ['虚構', 'きょこう'],
] as const;
const GIVEN = [
  ['ひかり', 'ひかり'],
  ['葵', 'あおい'],
  ['陽太', 'ようた'],
  ['結衣', 'ゆい'],
  ['蓮', 'れん'],
  ['美咲', 'みさき'],
  ['湊', 'みなと'],
  ['紬', 'つむぎ'],
  ['悠真', 'ゆうま'],
  ['凛', 'りん'],
] as const;
const PLACES = [
  { municipality: '米子市', covered: '米子市、日吉津村' },
  { municipality: '鳥取市', covered: '鳥取市、岩美町' },
  { municipality: '倉吉市', covered: '倉吉市' },
  { municipality: '境港市', covered: '西部' },
] as const;
const KINDS = [
  {
    type: '訪問看護ステーション',
    org: '訪問看護ステーション',
    qual: '看護師:{y}',
    care: '人工呼吸器、気管切開、吸引',
  },
  { type: '相談支援事業所', org: '相談支援センター', qual: '相談支援専門員（{y}年）', care: '経管栄養' },
  { type: '病院', org: '病院', qual: '看護師:{y}、保健師:2', care: '人工呼吸器、酸素療法' },
  { type: '保健センター・保健所', org: '保健センター', qual: '保健師', care: '' },
] as const;
const YEARS = ['2019', 'R3', '令和4', '2023年度'];
const ACCEPTING = ['可', '否', '○', '×'];

const ROWS = 300;
/** The one imported coordinator the directory must find afterwards (data row 137). */
const TARGET_ROW = 137;
const TARGET = {
  name: '架空 取込花子',
  kana: 'かくう とりこみはなこ',
  organization: '架空しらさぎ訪問看護ステーション',
};

function goodRow(i: number): Row {
  const [family, familyKana] = FAMILY[i % FAMILY.length]!;
  const [given, givenKana] = GIVEN[Math.floor(i / FAMILY.length) % GIVEN.length]!;
  const place = PLACES[i % PLACES.length]!;
  const kind = KINDS[i % KINDS.length]!;
  const row: Row = {
    氏名: `${family} ${given}`,
    ふりがな: `${familyKana} ${givenKana}`,
    メールアドレス: `import-${String(i).padStart(3, '0')}@example.jp`,
    所属機関: `架空${place.municipality.replace(/[市町村]$/, '')}${kind.org}${(i % 7) + 1}`,
    機関種別: kind.type,
    所在市町村: place.municipality,
    資格: kind.qual.replace('{y}', String((i % 25) + 1)),
    研修修了年度: YEARS[i % YEARS.length]!,
    担当市町村: place.covered,
    医療的ケア: kind.care,
    支援領域: i % 2 ? '家族支援、地域支援' : '発達支援',
    相談受付: ACCEPTING[i % ACCEPTING.length]!,
    電話: `0000-${String(10 + (i % 90))}-${String(1000 + i)}`,
    連絡方法: 'メールでご連絡ください（平日9時～17時）',
  };
  if (i === TARGET_ROW)
    Object.assign(row, {
      氏名: TARGET.name,
      ふりがな: TARGET.kana,
      所属機関: TARGET.organization,
      機関種別: '訪問看護ステーション',
      所在市町村: '米子市',
      資格: '看護師（8年）',
      担当市町村: '米子市、境港市',
      医療的ケア: '人工呼吸器、吸引',
      相談受付: '可',
    });
  return row;
}

/** The rows a clerk got wrong, each with the one problem the report must name (data row → column). */
const BAD_ROWS: Record<number, { patch: Partial<Row>; column: string; reason: string }> = {
  25: { patch: { 氏名: '' }, column: '氏名', reason: '氏名が入力されていません' },
  80: {
    patch: { メールアドレス: 'kasou-no-address' },
    column: 'メールアドレス',
    reason: '形式が正しくありません',
  },
  190: { patch: { 所在市町村: '架空市' }, column: '所在市町村', reason: '架空市' },
  260: { patch: { 相談受付: 'たぶん' }, column: '相談受付', reason: 'たぶん' },
  275: { patch: { メールアドレス: 'import-010@example.jp' }, column: 'メールアドレス', reason: '重複' },
};
/** A data row's physical line: the header is line 1 and no cell spans lines. */
const lineOf = (dataRow: number) => dataRow + 1;

const quote = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function csv(rows: Row[]): Buffer {
  const lines = [HEADER, ...rows.map((r) => HEADER.map((h) => r[h]))].map((cells) =>
    cells.map(quote).join(','),
  );
  const text = `${lines.join('\r\n')}\r\n`;
  // Shift_JIS as Excel writes it (CP932: "～" is U+FF5E there).
  const bytes = iconv.encode(text, 'cp932');
  // Every character must survive the round trip (nothing outside Shift_JIS became "?").
  if (iconv.decode(bytes, 'cp932') !== text) throw new Error('the fixture is not pure Shift_JIS');
  return bytes;
}

const dataRows = (withMistakes: boolean): Row[] =>
  Array.from({ length: ROWS }, (_, k) => {
    const i = k + 1;
    const row = goodRow(i);
    return withMistakes && BAD_ROWS[i] ? { ...row, ...BAD_ROWS[i].patch } : row;
  });

// ── The journey ──

describe('import: the centre uploads a Shift_JIS coordinator list', () => {
  let app: RunningApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const withMistakes = csv(dataRows(true));
  const corrected = csv(dataRows(false));
  const organizations = new Set(dataRows(false).map((r) => `${r.所属機関}|${r.所在市町村}`)).size;

  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchBrowser()]);
    context = await newAppContext(browser, app.baseUrl);
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await app?.stop();
  });

  const chooseFile = (name: string, buffer: Buffer) =>
    byTestId(page, 'import-file').setInputFiles({ name, mimeType: 'text/csv', buffer });

  const started = () =>
    page.waitForResponse(
      (r) =>
        new URL(r.url()).pathname === '/api/admin/imports/coordinators' && r.request().method() === 'POST',
    );

  it('the fixture really is Shift_JIS', () => {
    expect(withMistakes.includes(Buffer.from('氏名', 'utf8'))).toBe(false);
    expect(withMistakes.includes(iconv.encode('氏名', 'cp932'))).toBe(true);
  });

  it('centre staff open the import page', async () => {
    await signIn(page, 'center');
    await byTestId(page, 'nav-import').click();
    await page.waitForURL((u) => u.pathname === '/admin/import');
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('コーディネーター名簿の一括取り込み');
    expect(await byTestId(page, 'import-dryrun').isDisabled()).toBe(true);
    await expectNoSeriousA11yViolations(page);
    await expectNoHorizontalScrollAtPhoneWidth(page, byTestId(page, 'import-dryrun'));
  });

  it('the dry run shows the progress bar, then a report naming each bad row and its line', async () => {
    await chooseFile('コーディネーター名簿.csv', withMistakes);
    const button = byTestId(page, 'import-dryrun');
    await expect.poll(() => button.isEnabled()).toBe(true);

    // Hold the job's progress answers until the progress bar has been seen: no race with a quick job.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const isJobPoll = (url: URL) =>
      url.pathname.startsWith('/api/admin/imports/') && url.pathname !== '/api/admin/imports/coordinators';
    await page.route(isJobPoll, async (route) => {
      await gate;
      // A poll held here while unroute() ran was already let through by it.
      await route.continue().catch((error: Error) => {
        if (!/already handled/.test(error.message)) throw error;
      });
    });
    try {
      const upload = started();
      await button.click();
      const response = await upload;
      expect(response.status()).toBe(202);
      expect(new URL(response.url()).searchParams.get('dryRun')).toBe('true');
      const bar = byTestId(page, 'import-progress');
      await bar.waitFor();
      expect(await bar.getAttribute('role')).toBe('progressbar');
      await expect.poll(() => page.locator('#import-progress-label').textContent()).toMatch(/送信中|処理中/);
      expect(await button.isDisabled()).toBe(true);
    } finally {
      release();
    }
    await page.unroute(isJobPoll);

    const report = byTestId(page, 'import-dryrun-report');
    await report.waitFor({ timeout: 30_000 });
    await byTestId(page, 'import-progress').waitFor({ state: 'detached' });
    await expect.poll(() => report.getByRole('heading').textContent()).toBe('検査結果');
    const bad = Object.keys(BAD_ROWS).length;
    expect((await byTestId(page, 'import-encoding').textContent())?.trim()).toBe('shift_jis');
    expect((await byTestId(page, 'import-totalRows').textContent())?.trim()).toBe(String(ROWS));
    expect((await byTestId(page, 'import-validRows').textContent())?.trim()).toBe(String(ROWS - bad));
    expect((await byTestId(page, 'import-errorRows').textContent())?.trim()).toBe(String(bad));

    const table = byTestId(page, 'import-errors');
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(bad);
    const shown = await rows.evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
    );
    for (const [dataRow, { column, reason }] of Object.entries(BAD_ROWS)) {
      const line = String(lineOf(Number(dataRow)));
      const match = shown.find(([l]) => l === line);
      expect(match, `no report row for line ${line}: ${JSON.stringify(shown)}`).toBeDefined();
      expect(match![1]).toBe(column);
      expect(match![2]).toContain(reason);
    }
    // The duplicate names the line it repeats.
    expect(shown.find(([l]) => l === String(lineOf(275)))![2]).toContain(`${lineOf(10)} 行目`);
    // A list with mistakes cannot be imported as it is.
    expect(await byTestId(page, 'import-commit').count()).toBe(0);
    await expectNoSeriousA11yViolations(page);
    await expectNoHorizontalScrollAtPhoneWidth(page, table);
  });

  it(
    'the corrected list checks clean and "この内容で取り込む" imports it',
    { timeout: 120_000 },
    async () => {
      await chooseFile('コーディネーター名簿（修正済み）.csv', corrected);
      await expect.poll(() => byTestId(page, 'import-dryrun-report').count()).toBe(0);
      let upload = started();
      await byTestId(page, 'import-dryrun').click();
      expect((await upload).status()).toBe(202);
      const commit = byTestId(page, 'import-commit');
      await commit.waitFor({ timeout: 30_000 });
      expect((await byTestId(page, 'import-totalRows').textContent())?.trim()).toBe(String(ROWS));
      expect((await byTestId(page, 'import-validRows').textContent())?.trim()).toBe(String(ROWS));
      expect((await byTestId(page, 'import-errorRows').textContent())?.trim()).toBe('0');
      await page.getByText('エラーはありません。').waitFor();
      await expect.poll(() => commit.textContent()).toContain('この内容で取り込む');

      upload = started();
      await commit.click();
      const response = await upload;
      expect(response.status()).toBe(202);
      expect(new URL(response.url()).searchParams.get('dryRun')).toBe('false');
      await byTestId(page, 'import-progress').waitFor();
      await page.getByText('取り込みが完了しました。').waitFor({ timeout: 90_000 });
      await expect
        .poll(() => byTestId(page, 'import-dryrun-report').getByRole('heading').textContent())
        .toBe('取り込み結果');
      expect((await byTestId(page, 'import-invitationsCreated').textContent())?.trim()).toBe(String(ROWS));
      expect((await byTestId(page, 'import-organizationsCreated').textContent())?.trim()).toBe(
        String(organizations),
      );
      expect((await byTestId(page, 'import-profilesUpdated').textContent())?.trim()).toBe('0');
      expect((await byTestId(page, 'import-errorRows').textContent())?.trim()).toBe('0');
      expect(await byTestId(page, 'import-commit').count()).toBe(0);
      await expectNoSeriousA11yViolations(page);
      await expectNoHorizontalScrollAtPhoneWidth(page, byTestId(page, 'import-dryrun-report'));
    },
  );

  it('the directory then finds an imported coordinator', async () => {
    await byTestId(page, 'nav-directory').click();
    await page.waitForURL((u) => u.pathname === '/');
    await byTestId(page, 'directory-q').fill('とりこみはなこ');
    const searched = page.waitForResponse(
      (r) => new URL(r.url()).pathname === '/api/coordinators' && new URL(r.url()).searchParams.has('q'),
    );
    await byTestId(page, 'directory-submit').click();
    expect((await searched).status()).toBe(200);
    const card = byTestId(page, 'directory-result').filter({
      has: page.getByRole('link', { name: TARGET.name, exact: true }),
    });
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(TARGET.organization);
    expect(text).toContain('訪問看護ステーション');
    expect(text).toContain('看護師 8年');
    expect(text).toContain('西部圏域');
    expect(text).toContain('人工呼吸器の管理');
    expect(text).toContain('相談受付中');

    await card.getByRole('link', { name: TARGET.name, exact: true }).click();
    const detail = byTestId(page, 'coordinator-detail');
    await detail.waitFor();
    await expect.poll(() => detail.textContent()).toContain(TARGET.organization);
    const detailText = (await detail.textContent()) ?? '';
    expect(detailText).toContain('米子市');
    expect(detailText).toContain('境港市');
    expect(detailText).toContain(`0000-${String(10 + (TARGET_ROW % 90))}-${1000 + TARGET_ROW}`);
    await expectNoSeriousA11yViolations(page);
  });
});
