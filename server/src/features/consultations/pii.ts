/**
 * Finds personal data in consultation text before it is accepted: the child must not be
 * identifiable. Rules, not a model: names with an honorific, phone numbers, postal codes,
 * street addresses, full dates (birth dates, 西暦 and 和暦) and My Number–like digit runs.
 * Offsets are in characters (code points) of the original text.
 */
export type PiiKind = 'name' | 'phone' | 'postal_code' | 'address' | 'birth_date' | 'my_number';

export interface PiiFinding {
  kind: PiiKind;
  start: number;
  end: number;
}

// Same-length normalisation for digit patterns: full-width digits and dash-like marks → ASCII.
const DASHES = /[‐‑‒–—―−－ｰー]/g;
function digitsView(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(DASHES, '-')
    .replace(/[（]/g, '(')
    .replace(/[）]/g, ')')
    .replace(/\u3000/g, ' ')
    .replace(/[／]/g, '/')
    .replace(/[．]/g, '.');
}

// Words that take さん/ちゃん/様 but name a role or a relation, not a person.
const NOT_NAMES = new Set([
  'お母', 'お父', 'お子', 'お姉', 'お兄', 'お嬢', 'お医者', 'お客', 'お隣', 'おばあ', 'おじい', 'おかあ', 'おとう',
  'おにい', 'おねえ', 'おばあち', 'おじいち', 'ばあ', 'じい', 'かあ', 'とう', 'にい', 'ねえ', 'あか', 'あかち', 'みな', 'みなさ',
  '母', '父', '姉', '兄', '弟', '妹', '娘', '息子', '祖母', '祖父', '奥', '本人', 'ご本人', '家族', 'ご家族', '皆', '皆様',
  '患者', '利用者', '相談者', '対象者', '担当者', '保護者', '看護師', '保健師', '助産師', '相談員', '支援員', '指導員',
  '保育士', '医師', '主治医', '先生', '担当', '職員', 'スタッフ', 'ヘルパー', 'ヘルパ', 'ケアマネ', 'ケアマネジャー',
  '訪問看護', '事業所', '病院', '学校', '保育園', '幼稚園', '施設', '役場', '市役所', 'センター', 'お店', '業者',
  'ドクター', 'ナース', 'セラピスト', 'リハ', 'ＰＴ', 'ＯＴ', 'ＳＴ', 'PT', 'OT', 'ST', 'MSW', 'きょうだい', '兄弟', '姉妹',
  '赤ちゃ', '赤', 'お孫', '孫', '甥', '姪', 'お友達', '友達', '同級生', '他', '各', '○○', '〇〇', 'A', 'B', 'C', 'X', 'Y',
]);

// A name before an honorific: one run of kanji, of katakana or of hiragana (up to 6).
const HONORIFIC = /(ちゃん|ちゃま|くん|君|さん|さま|様|殿)/g;
const KANJI = /^[\u4e00-\u9fff\u3400-\u4dbf\u{20000}-\u{3134f}々〆ヶ]$/u;
const KATAKANA = /^[\u30a1-\u30fa\u30fcｦ-ﾟ]$/;
const HIRAGANA = /^[\u3041-\u3096]$/;
// Hiragana particles and endings that end a run when scanning backwards.
const PARTICLE = /[のがはをにでともへやか]/;

/** The character ending at `index` (a whole surrogate pair where needed) and where it starts. */
function charBefore(text: string, index: number): [string, number] | null {
  if (index <= 0) return null;
  const low = text.charCodeAt(index - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && index >= 2 ? index - 2 : index - 1;
  return [text.slice(start, index), start];
}

function nameBefore(text: string, index: number): number | null {
  const prev = charBefore(text, index);
  if (!prev) return null;
  const script = [KANJI, KATAKANA, HIRAGANA].find((re) => re.test(prev[0]));
  if (!script) return null;
  let start = prev[1];
  let length = 1;
  for (let c = charBefore(text, start); c && length < 6 && script.test(c[0]); c = charBefore(text, start)) {
    if (script === HIRAGANA && PARTICLE.test(c[0])) break;
    start = c[1];
    length++;
  }
  const candidate = text.slice(start, index);
  if (NOT_NAMES.has(candidate)) return null;
  // Also a role word at the end of a longer run: 「担当看護師さん」.
  for (let i = 1; i < candidate.length; i++) if (NOT_NAMES.has(candidate.slice(i))) return null;
  if (script === HIRAGANA && length < 2) return null;
  return start;
}

const patterns: { kind: PiiKind; re: RegExp }[] = [
  { kind: 'postal_code', re: /〒\s?\d{3}-?\d{4}|(?<![\d-])\d{3}-\d{4}(?![\d-])/g },
  // Mobile and landline numbers, with or without separators, and +81 forms.
  { kind: 'phone', re: /(?<![\d])(?:\+81[-\s]?\(?0?|\(?0)\d{1,4}\)?[-\s(]?\d{1,4}[-\s)]?\d{3,4}(?![\d])/g },
  { kind: 'my_number', re: /(?<![\d])\d{4}[-\s]?\d{4}[-\s]?\d{4}(?![\d])/g },
  {
    kind: 'birth_date',
    re: /(?:(?:19|20)\d{2}\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?|(?:令和|平成|昭和|[RHSrhs])\s*(?:\d{1,2}|元)\s*[年/.-]\s*\d{1,2}\s*[月/.-]\s*\d{1,2}\s*日?)/g,
  },
  {
    kind: 'address',
    re: /(?:[\u4e00-\u9fff々ヶ\u30a1-\u30fa\u3041-\u3096]{1,8}(?:都|道|府|県|市|区|町|村|郡)[\u4e00-\u9fff々ヶ\u30a1-\u30fa\u3041-\u3096]{0,8}\s*)?\d{1,4}\s*(?:丁目\s*\d{1,4}\s*(?:番地?|-)\s*\d{0,4}\s*号?|番地\s*\d{0,4}|番\s*\d{1,4}\s*号|-\d{1,4}(?:-\d{1,4})?)/g,
  },
];

/** Address matches need a place word or a 丁目/番地 form: bare "3-2" is not an address. */
function isAddress(match: string): boolean {
  return /(都|道|府|県|市|区|町|村|郡)/.test(match) || /(丁目|番地|番\s*\d+\s*号)/.test(match);
}

// 様 in ordinary words: 同様, 仕様, 模様, 多様…, and 様子, 様々, 様式 when followed by these.
const WORDS_ENDING_IN_SAMA = new Set([...'同仕模多一異有左各皆神王殿奥客態']);
const AFTER_SAMA = new Set([...'子々式相態']);

export function findPersonalData(text: string): PiiFinding[] {
  const found: { kind: PiiKind; start: number; end: number }[] = [];
  HONORIFIC.lastIndex = 0;
  for (let m = HONORIFIC.exec(text); m; m = HONORIFIC.exec(text)) {
    if (m[0] === '様' && (WORDS_ENDING_IN_SAMA.has(text[m.index - 1] ?? '') || AFTER_SAMA.has(text[m.index + 1] ?? ''))) continue;
    const start = nameBefore(text, m.index);
    if (start !== null) found.push({ kind: 'name', start, end: m.index + m[0].length });
  }
  const view = digitsView(text);
  for (const { kind, re } of patterns) {
    re.lastIndex = 0;
    for (let m = re.exec(view); m; m = re.exec(view)) {
      const value = m[0];
      if (kind === 'address' && !isAddress(value)) continue;
      if (kind === 'phone' && value.replace(/\D/g, '').length < 10) continue;
      found.push({ kind, start: m.index, end: m.index + value.trimEnd().length });
    }
  }
  // Keep the most specific finding where two overlap (a birth date is not also a phone number).
  const priority: PiiKind[] = ['birth_date', 'postal_code', 'address', 'my_number', 'phone', 'name'];
  found.sort((a, b) => a.start - b.start || priority.indexOf(a.kind) - priority.indexOf(b.kind) || b.end - a.end);
  const kept: typeof found = [];
  for (const f of found) {
    const overlap = kept.find((k) => f.start < k.end && k.start < f.end);
    if (!overlap) kept.push(f);
    else if (priority.indexOf(f.kind) < priority.indexOf(overlap.kind) || (f.kind === overlap.kind && f.end - f.start > overlap.end - overlap.start)) {
      kept.splice(kept.indexOf(overlap), 1, f);
    }
  }
  kept.sort((a, b) => a.start - b.start);
  return kept.map((f) => ({ kind: f.kind, start: toCodePoint(text, f.start), end: toCodePoint(text, f.end) }));
}

/** UTF-16 index → code point index, so offsets count characters even beyond the BMP (𠮷). */
function toCodePoint(text: string, index: number): number {
  return [...text.slice(0, index)].length;
}
