import tottori from './regions/tottori.json' with { type: 'json' };

/** A prefecture file: prefecture → 圏域 (area) → municipality (JIS code). */
export interface RegionFile {
  prefecture: { code: string; name: string; nameEn: string };
  areas: {
    code: string;
    name: string;
    nameEn: string;
    municipalities: { code: string; name: string; kana: string; nameEn?: string }[];
  }[];
}

export const defaultRegionFile: RegionFile = tottori as RegionFile;

/** Checks a prefecture file's structure; returns the problems found, in words. */
export function validateRegionFile(file: unknown): string[] {
  const problems: string[] = [];
  const f = file as Partial<RegionFile>;
  if (!f || typeof f !== 'object') return ['the file is not a JSON object'];
  if (!f.prefecture?.code || !/^\d{2}$/.test(f.prefecture.code))
    problems.push('prefecture.code must be the two-digit prefecture code');
  if (!Array.isArray(f.areas) || f.areas.length === 0) problems.push('areas must be a non-empty list');
  const seen = new Set<string>();
  for (const [i, a] of (f.areas ?? []).entries()) {
    if (!a.code || !a.name) problems.push(`areas[${i}] needs code and name`);
    for (const [j, m] of (a.municipalities ?? []).entries()) {
      if (!/^\d{5}$/.test(m.code ?? ''))
        problems.push(`areas[${i}].municipalities[${j}].code must be a 5-digit JIS code`);
      if (seen.has(m.code)) problems.push(`municipality ${m.code} appears twice`);
      seen.add(m.code);
    }
  }
  return problems;
}
