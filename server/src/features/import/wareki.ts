/**
 * Years as Japanese lists write them: "2021", "2021年度", or 和暦 — "R3", "R03", "令和3年度",
 * "令和元年", "H30", "平成30". Returns the Gregorian year, or undefined when the text is not a year.
 * (No library of the catalogue does this; the five modern eras are all a list needs.)
 */
const eras: { names: string[]; offset: number; first: number; last: number }[] = [
  { names: ['r', '令和', '令'], offset: 2018, first: 1, last: 99 },
  { names: ['h', '平成', '平'], offset: 1988, first: 1, last: 31 },
  { names: ['s', '昭和', '昭'], offset: 1925, first: 1, last: 64 },
  { names: ['t', '大正', '大'], offset: 1911, first: 1, last: 15 },
  { names: ['m', '明治', '明'], offset: 1867, first: 1, last: 45 },
];

export function parseYear(input: string): number | undefined {
  // NFKC turns full-width digits and letters into ASCII and the era ligature ㋿ into 令和.
  const text = input.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');
  if (!text) return undefined;
  const western = /^(\d{4})(?:年度?)?$/.exec(text);
  if (western) return Number(western[1]);
  const japanese = /^([a-z]|[\p{Script=Han}]{1,2})\.?(\d{1,2}|元)(?:年度?)?$/u.exec(text);
  if (!japanese) return undefined;
  const era = eras.find((e) => e.names.includes(japanese[1]!));
  if (!era) return undefined;
  const n = japanese[2] === '元' ? 1 : Number(japanese[2]);
  if (n < era.first || n > era.last) return undefined;
  return era.offset + n;
}
