/**
 * A same-length view of a text for the digit and contact patterns: full-width ASCII → ASCII,
 * kanji digits (〇一二…九) → 0–9, dash-like marks → '-', the ideographic space → ' '.
 * Every replacement is one UTF-16 unit for one, so an index in the view is an index in the text.
 */
const KANJI_DIGITS: Record<string, string> = {
  〇: '0',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  五: '5',
  六: '6',
  七: '7',
  八: '8',
  九: '9',
};
const DASHES = /[‐‑‒–—―−﹣]/g;
// The long-vowel mark is a dash only next to a digit (IMEs type 090ー1234); elsewhere it is a letter,
// also before a digit when it ends a katakana word (マイナンバー123…, カード1234).
const LONG_MARK_DASH =
  /(?<=[0-9０-９〇一二三四五六七八九])[ーｰ]|(?<![\u30a1-\u30faｦ-ﾟ])[ーｰ](?=[0-9０-９〇一二三四五六七八九])/g;

export function normalisedView(text: string): string {
  return text
    .replace(/[！-～]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[〇一二三四五六七八九]/g, (c) => KANJI_DIGITS[c]!)
    .replace(DASHES, '-')
    .replace(LONG_MARK_DASH, '-')
    .replace(/\u3000/g, ' ');
}
