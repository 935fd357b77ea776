/**
 * Names: a run of kanji, katakana or hiragana before an honorific (ゆいちゃん, 山田様, 佐藤氏,
 * ゆいママ), romaji with an honorific (Yui-chan, Mr. Sato), and a name after a label (氏名：…).
 * Indices are UTF-16 indices of the text.
 */
import { NOT_NAMES } from './not-names.ts';
import type { Span } from './types.ts';

// Role words that end a longer run: 「担当看護師さん」「薬屋さん」.
const NOT_NAME_ENDINGS = /(店|士|師|員|者|医|係|長|課|局|家族)$/;

const HONORIFIC = /ちゃん|ちゃま|くん|君|さん|さま|様|殿|氏|ママ|パパ/g;
const KANJI = /^[\u4e00-\u9fff\u3400-\u4dbf\u{20000}-\u{3134f}々〆ヶ]$/u;
const KATAKANA = /^[\u30a1-\u30fa\u30fcｦ-ﾟ]$/;
const HIRAGANA = /^[\u3041-\u3096]$/;
// Hiragana particles and endings that end a run when scanning backwards.
const PARTICLE = /[のがはをにでともへやか]/;

// 様 in ordinary words: 同様, 仕様, 模様, 多様…, and 様子, 様々, 様式 when followed by these.
const WORDS_ENDING_IN_SAMA = new Set([...'同仕模多一異有左各皆神王殿奥客態']);
const AFTER_SAMA = new Set([...'子々式相態']);
// ちゃんと as an adverb (「ちゃんと飲めた」), not 「ゆいちゃんと」.
const ADVERB_CHANTO =
  /^ちゃんと(?:し|す|で|出|飲|食|話|言|伝|理|や|見|聞|書|寝|眠|座|立|歩|動|使|着|守|取|行|来|通|確|答|返|覚|分|休|摂|注|吸|して)/;

/** The character ending at `index` (a whole surrogate pair where needed) and where it starts. */
function charBefore(text: string, index: number): [string, number] | null {
  if (index <= 0) return null;
  const low = text.charCodeAt(index - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && index >= 2 ? index - 2 : index - 1;
  return [text.slice(start, index), start];
}

function followsNoun(text: string, index: number): boolean {
  const before = charBefore(text, index);
  return Boolean(
    before &&
    (KANJI.test(before[0]) || KATAKANA.test(before[0]) || /[0-9A-Za-z０-９Ａ-Ｚａ-ｚ]/.test(before[0])),
  );
}

function nameBefore(text: string, index: number, honorific: string): number | null {
  const prev = charBefore(text, index);
  if (!prev) return null;
  const script = [KANJI, KATAKANA, HIRAGANA].find((re) => re.test(prev[0]));
  if (!script) return null;
  // ママ/パパ after katakana is a word of its own (ワーキングママ); 「子どものママ」 is a relation.
  if ((honorific === 'ママ' || honorific === 'パパ') && (script === KATAKANA || PARTICLE.test(prev[0])))
    return null;
  let start = prev[1];
  let length = 1;
  for (let c = charBefore(text, start); c && length < 6 && script.test(c[0]); c = charBefore(text, start)) {
    // A particle after a noun ends the run (母はゆいちゃん); inside kana it may be part of the name (はるとくん, さとしくん).
    if (script === HIRAGANA && PARTICLE.test(c[0]) && (c[0] === 'を' || followsNoun(text, c[1]))) break;
    start = c[1];
    length++;
  }
  const candidate = text.slice(start, index);
  if (NOT_NAMES.has(candidate) || NOT_NAME_ENDINGS.test(candidate)) return null;
  // Also a role word at the end of a longer run: 「担当看護師さん」 (not one character: 花子さん is a name).
  for (let i = 1; i < candidate.length - 1; i++) if (NOT_NAMES.has(candidate.slice(i))) return null;
  if (script === HIRAGANA && length < 2) return null;
  // A kana run ending in a particle is a phrase, not a name: 「からだがちゃんと」.
  if (script === HIRAGANA && /[がはをもにでへ]$/.test(candidate)) return null;
  return start;
}

function honorificNames(text: string, out: Span[]) {
  HONORIFIC.lastIndex = 0;
  for (let m = HONORIFIC.exec(text); m; m = HONORIFIC.exec(text)) {
    const h = m[0];
    const next = text[m.index + h.length] ?? '';
    if (h === '様' && (WORDS_ENDING_IN_SAMA.has(text[m.index - 1] ?? '') || AFTER_SAMA.has(next))) continue;
    if (h === '氏' && next === '名') continue; // 氏名
    if (h === 'ちゃん' && ADVERB_CHANTO.test(text.slice(m.index, m.index + 6))) continue;
    const start = nameBefore(text, m.index, h);
    if (start !== null) out.push({ kind: 'name', start, end: m.index + h.length });
  }
}

// Romaji (already folded to ASCII): "Yui-chan", "Sato san", "Mr. Yamada". One letter is an initial.
const ROMAJI =
  /(?<![A-Za-z])(?:[A-Za-z]{2,20}[- ](?:chan|kun|san|sama|sensei|Chan|Kun|San|Sama|CHAN|KUN|SAN|SAMA)(?![A-Za-z])|(?:Mr|Mrs|Ms|Miss)\.? ?[A-Z][a-z]{1,20}(?: [A-Z][a-z]{1,20})?)/g;
const ROMAJI_NOT_NAMES = /^(?:the|a|an|mama|papa|mom|dad|baby|nurse|doctor|dr|helper|care)[- ]/i;

// A name after a label: 「氏名：山田 太郎」「名前は山田太郎です」「Name: Taro Yamada」.
const KANJI_RUN = '[\\u4e00-\\u9fff\\u3400-\\u4dbf々ヶ]{1,4}(?: ?[\\u4e00-\\u9fff\\u3400-\\u4dbf々ヶ]{1,4})?';
const KANA_RUN =
  '[\\u30a1-\\u30fa\\u30fc]{2,8}(?: ?[\\u30a1-\\u30fa\\u30fc]{2,8})?|[\\u3041-\\u3096]{2,6}(?: ?[\\u3041-\\u3096]{2,6})?';
const LATIN_RUN = '[A-Z][a-z]{1,20}(?: [A-Z][a-z]{1,20})?';
const NAME_END = '(?=です|で|と|、|。|，|,|（|\\(|$|\\s)';
const LABEL =
  '(?:氏名|お名前|名前|なまえ|児童名|患児名|本児名|利用者名|保護者名|母親名|父親名|フルネーム|Name|name|NAME)';
const LABELLED_NAME = new RegExp(
  `${LABEL}(?:(?:[ \\u3000]?[:：][ \\u3000]?)(?<v>${KANJI_RUN}|${KANA_RUN}|${LATIN_RUN})|(?:は|[ \\u3000])(?<w>${KANJI_RUN})${NAME_END})`,
  'g',
);

// A name beside a relation in brackets (「母（山田花子）」「山田花子（母）」) or with its reading (「陽向（ひなた）」).
const RELATION = '(?:母親|父親|母|父|祖母|祖父|兄|姉|弟|妹|本児|長男|長女|次男|次女|三男|三女|児)';
const NAME_RUN =
  '[\\u4e00-\\u9fff\\u3400-\\u4dbf々ヶ]{2,4}(?:[ \\u3000]?[\\u4e00-\\u9fff\\u3400-\\u4dbf々ヶ]{1,4})?';
const BRACKETED = new RegExp(
  `${RELATION}[（(](?<v>${NAME_RUN}|[\\u30a1-\\u30fa\\u30fc]{2,8}|[\\u3041-\\u3096]{2,6})[）)]|(?<w>${NAME_RUN})[（(](?:${RELATION}|[\\u3041-\\u3096]{2,8})[）)]`,
  'dg',
);

function bracketedNames(text: string, out: Span[]) {
  BRACKETED.lastIndex = 0;
  for (let m = BRACKETED.exec(text); m; m = BRACKETED.exec(text)) {
    const [start, end] = m.indices?.groups?.v ?? m.indices?.groups?.w ?? [m.index, m.index];
    const value = text.slice(start, end);
    if (end > start && !NOT_NAMES.has(value) && !NOT_NAME_ENDINGS.test(value) && !/児$/.test(value))
      out.push({ kind: 'name', start, end });
  }
}

function romajiNames(view: string, out: Span[]) {
  ROMAJI.lastIndex = 0;
  for (let m = ROMAJI.exec(view); m; m = ROMAJI.exec(view)) {
    if (!ROMAJI_NOT_NAMES.test(m[0])) out.push({ kind: 'name', start: m.index, end: m.index + m[0].length });
  }
}

// A relation with a romaji full name: 「母: Hanako Yamada」.
const RELATION_LATIN =
  /(?:母親|父親|祖母|祖父|本児|母|父|兄|姉|弟|妹)[ \u3000]?[:：][ \u3000]?(?<v>[A-Z][a-z]{1,20} [A-Z][a-z]{1,20})/dg;

function labelledNames(text: string, out: Span[]) {
  RELATION_LATIN.lastIndex = 0;
  for (let m = RELATION_LATIN.exec(text); m; m = RELATION_LATIN.exec(text)) {
    const [start, end] = m.indices?.groups?.v ?? [m.index, m.index];
    out.push({ kind: 'name', start, end });
  }
  LABELLED_NAME.lastIndex = 0;
  for (let m = LABELLED_NAME.exec(text); m; m = LABELLED_NAME.exec(text)) {
    const value = m.groups?.v ?? m.groups?.w ?? '';
    const end = m.index + m[0].length;
    if (value) out.push({ kind: 'name', start: end - value.length, end });
  }
}

/** `text` for the scripts (kanji digits stay kanji: 健一), `view` (ASCII-folded) for romaji. */
export function findNames(text: string, view: string, out: Span[]) {
  honorificNames(text, out);
  labelledNames(text, out);
  bracketedNames(text, out);
  romajiNames(view, out);
}
