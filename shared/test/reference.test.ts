import { describe, expect, it } from 'vitest';
import {
  codesOf,
  defaultRegionFile,
  findCode,
  labelOf,
  validateRegionFile,
  vocabularies,
  vocabularyNames,
} from '../src/index.ts';

describe('vocabularies', () => {
  it('has ja and en labels and unique codes in every vocabulary', () => {
    for (const name of vocabularyNames) {
      const terms = vocabularies[name];
      expect(terms.length, name).toBeGreaterThan(0);
      expect(new Set(terms.map((t) => t.code)).size, name).toBe(terms.length);
      for (const t of terms) expect(t.ja && t.en, `${name}.${t.code}`).toBeTruthy();
    }
  });

  it('keeps the codes of the reference files (14 care types of the 判定スコア)', () => {
    expect(codesOf('medicalCareTypes')).toHaveLength(14);
    expect(codesOf('qualifications')).toContain('nurse');
    expect(labelOf('medicalCareTypes', 'ventilator')).toBe('人工呼吸器の管理');
    expect(labelOf('medicalCareTypes', 'ventilator', 'en')).toBe('Ventilator management');
  });

  it('finds a code from its code or either label', () => {
    expect(findCode('qualifications', '看護師')).toBe('nurse');
    expect(findCode('qualifications', 'Nurse')).toBe('nurse');
    expect(findCode('qualifications', ' nurse ')).toBe('nurse');
    expect(findCode('qualifications', '魔法使い')).toBeUndefined();
  });
});

describe('prefecture files', () => {
  it('accepts Tottori: three 圏域, 19 municipalities with 5-digit JIS codes', () => {
    expect(validateRegionFile(defaultRegionFile)).toEqual([]);
    expect(defaultRegionFile.areas.map((a) => a.code)).toEqual(['31-east', '31-central', '31-west']);
    expect(defaultRegionFile.areas.flatMap((a) => a.municipalities)).toHaveLength(19);
  });

  it('explains what is wrong with a bad file', () => {
    expect(validateRegionFile(null)).toEqual(['the file is not a JSON object']);
    const problems = validateRegionFile({
      prefecture: { code: 'x' },
      areas: [{ code: 'a', name: 'A', municipalities: [{ code: '123' }, { code: '123' }] }],
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        'prefecture.code must be the two-digit prefecture code',
        'areas[0].municipalities[0].code must be a 5-digit JIS code',
        'municipality 123 appears twice',
      ]),
    );
  });
});
