/**
 * Text normalisation for Japanese substring search: NFKC (full-width → half-width, etc.),
 * lower case, katakana → hiragana (so ヤマダ finds やまだ), and no white space (so 山田 花子
 * finds 山田花子).
 */
export function normalizeForSearch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60))
    .replace(/\s+/g, '');
}

/** The searchable text of several fields, space-separated so no gram crosses two fields. */
export function searchTextOf(fields: (string | null | undefined)[]): string {
  return fields
    .map((f) => normalizeForSearch(f ?? ''))
    .filter(Boolean)
    .join(' ');
}

/**
 * All 1- and 2-character grams of a search text. A GIN index over them serves the queries of
 * one or two characters (one or two kanji) that trigrams cannot.
 */
export function searchGramsOf(searchText: string): string[] {
  const grams = new Set<string>();
  for (const word of searchText.split(' ')) {
    const chars = [...word];
    for (let i = 0; i < chars.length; i++) {
      grams.add(chars[i]!);
      if (i + 1 < chars.length) grams.add(chars[i]! + chars[i + 1]!);
    }
  }
  return [...grams];
}
