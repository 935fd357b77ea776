/**
 * Texts of 100,000 characters built to make a backtracking pattern slow: long runs of the
 * characters the patterns repeat, near-misses repeated, and a seeded mix of pattern characters.
 * Used by the tests (they must finish) and by `pnpm bench:pii`.
 */
const SIZE = 100_000;
const fill = (unit: string) => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

function seededMix(alphabet: string, seed: number): string {
  const chars = [...alphabet];
  let x = seed;
  let out = '';
  while (out.length < SIZE) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out += chars[x % chars.length];
  }
  return out.slice(0, SIZE);
}

export const adversarialTexts: Record<string, string> = {
  'latin run': fill('a'),
  'digit run': fill('1'),
  'full-width digit run': fill('１'),
  'kanji digit run': fill('一'),
  'dashed digits': fill('1-'),
  'spaced digits': fill('1 '),
  'kanji run': fill('山'),
  'hiragana run': fill('あ'),
  'katakana run': fill('ア'),
  'local parts without a domain': fill('a.b_'),
  'at signs': fill('a@'),
  'spelt-out at': fill('a at b '),
  'honorific names': fill('山田さん'),
  'labels without numbers': fill('受給者証番号'),
  'labels with short numbers': fill('カルテ番号12 '),
  'places without numbers': fill('米子市角盤町'),
  'near-miss addresses': fill('町1-'),
  'near-miss dates': fill('平成3十年1'),
  'url characters': 'https://' + fill('a/'),
  'school words': fill('ひまわり保育'),
  'mixed pattern characters': seededMix(
    '0123456789-. @:/年月日丁目番地号市町〒さんちゃん様aAxX十一（）()受給者証番号記号IDLINE',
    7,
  ),
};
