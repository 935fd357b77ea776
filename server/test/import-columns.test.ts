import { describe, expect, it } from 'vitest';
import {
  mapHeader,
  matchTerm,
  parseAccepting,
  splitList,
  splitQualification,
} from '../src/features/import/columns.ts';
import { decodeCsv } from '../src/features/import/csv-decode.ts';
import { readRecords } from '../src/features/import/csv-records.ts';
import { parseYear } from '../src/features/import/wareki.ts';

describe('import helpers', () => {
  it('reads Western and Japanese-era years', () => {
    const cases: [string, number | undefined][] = [
      ['2021', 2021],
      ['２０２１年度', 2021],
      ['R3', 2021],
      ['R03', 2021],
      ['r.3', 2021],
      ['令和3', 2021],
      ['令和3年度', 2021],
      ['令和元年', 2019],
      ['H30', 2018],
      ['平成30年', 2018],
      ['平成31', 2019],
      ['Ｈ２９', 2017],
      ['H32', undefined],
      ['X3', undefined],
      ['3', undefined],
      ['', undefined],
      ['令和', undefined],
    ];
    for (const [input, year] of cases) expect(parseYear(input), input).toBe(year);
  });

  it('maps Japanese and English headers, tolerating width, case and marks', () => {
    const map = mapHeader(['No.', '氏名（必須）', 'ＥＭＡＩＬ', 'Organization', '機関種別', 'E-mail']);
    expect(map.index).toMatchObject({ name: 1, email: 2, organization: 3, organizationType: 4 });
    expect(map.missing).toEqual([]);
    expect(map.duplicate).toEqual(['E-mail']);
    expect(map.ignored).toEqual(['No.']);
    expect(mapHeader(['氏名', 'ふりがな']).missing).toEqual(['email', 'organization']);
  });

  it('splits lists on 、 , ; / but not inside brackets, and reads years of experience', () => {
    expect(splitList('看護師、保健師,助産師;医師/教員／事務職')).toEqual([
      '看護師',
      '保健師',
      '助産師',
      '医師',
      '教員',
      '事務職',
    ]);
    expect(splitList('Suction (oral, nasal, tracheal), ventilator')).toEqual([
      'Suction (oral, nasal, tracheal)',
      'ventilator',
    ]);
    expect(splitQualification('看護師:10')).toEqual({ label: '看護師', years: 10 });
    expect(splitQualification('看護師（10年）')).toEqual({ label: '看護師', years: 10 });
    expect(splitQualification('心理職（公認心理師・臨床心理士）')).toEqual({
      label: '心理職（公認心理師・臨床心理士）',
      years: undefined,
    });
    expect(splitQualification('看護師:たくさん')).toEqual({ label: '看護師', badYears: 'たくさん' });
  });

  it('finds codes from codes, labels and common short forms', () => {
    expect(matchTerm('qualifications', '看護師')).toBe('nurse');
    expect(matchTerm('qualifications', 'Nurse')).toBe('nurse');
    expect(matchTerm('qualifications', 'ＰＳＹＣＨＯＬＯＧＩＳＴ')).toBe('psychologist');
    expect(matchTerm('medicalCareTypes', '人工呼吸器')).toBe('ventilator');
    expect(matchTerm('medicalCareTypes', '吸引')).toBe('suction');
    expect(matchTerm('organizationTypes', '病院')).toBe('hospital');
    expect(matchTerm('qualifications', '宇宙飛行士')).toBeUndefined();
  });

  it('reads yes and no the ways lists write them', () => {
    for (const v of ['可', '○', '〇', 'はい', 'TRUE', 'yes']) expect(parseAccepting(v), v).toBe(true);
    for (const v of ['否', '×', 'いいえ', 'false', 'No']) expect(parseAccepting(v), v).toBe(false);
    expect(parseAccepting('たぶん')).toBeUndefined();
  });

  it('decodes UTF-8 and CP932 automatically and counts physical lines', async () => {
    expect(decodeCsv(Buffer.from('\uFEFF氏名\n', 'utf8'))).toEqual({ text: '氏名\n', encoding: 'utf-8' });
    expect(decodeCsv(Buffer.from([0x8e, 0x81, 0x96, 0xbc, 0x87, 0x40]))).toEqual({
      text: '氏名①',
      encoding: 'shift_jis',
    });
    expect(() => decodeCsv(Buffer.from([0, 1, 2, 3, 0xff]))).toThrow(/CSV/);
    const records = await readRecords('a,b\r\n\r\n1,"x\r\ny"\r\n2,3\r\n', 3);
    expect(records.map((r) => [r.line, r.fields])).toEqual([
      [1, ['a', 'b']],
      [3, ['1', 'x\ny']],
      [5, ['2', '3']],
    ]);
    await expect(readRecords('a,b\n1,"2\n3,4\n')).rejects.toThrow(/line 2/);
  });
});
