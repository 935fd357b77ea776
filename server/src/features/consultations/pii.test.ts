import { describe, expect, it } from 'vitest';
import { adversarialTexts } from './pii-adversarial.ts';
import { findPersonalData } from './pii.ts';

const kinds = (text: string) => findPersonalData(text).map((f) => f.kind);
const spans = (text: string) => findPersonalData(text).map((f) => [...text].slice(f.start, f.end).join(''));

describe('findPersonalData', () => {
  it.each([
    ['ゆいちゃんは夜間の吸引が多い', 'name', 'ゆいちゃん'],
    ['山田さんのお宅に訪問した', 'name', '山田さん'],
    ['タロウくんの通学について', 'name', 'タロウくん'],
    ['鈴木様より連絡', 'name', '鈴木様'],
    ['連絡先は090-1234-5678です', 'phone', '090-1234-5678'],
    ['連絡先は０９０－１２３４－５６７８です', 'phone', '０９０－１２３４－５６７８'],
    ['自宅 0859(12)3456 まで', 'phone', '0859(12)3456'],
    ['携帯09012345678', 'phone', '09012345678'],
    ['〒683-0001 の近く', 'postal_code', '〒683-0001'],
    ['郵便番号６８３－０８２３', 'postal_code', '６８３－０８２３'],
    ['米子市角盤町1丁目2番3号に住む', 'address', '米子市角盤町1丁目2番3号'],
    ['鳥取市東町2-3-4のアパート', 'address', '鳥取市東町2-3-4'],
    ['2019年5月3日生まれ', 'birth_date', '2019年5月3日'],
    ['生年月日は2019/05/03', 'birth_date', '2019/05/03'],
    ['平成31年4月1日生', 'birth_date', '平成31年4月1日'],
    ['令和元年5月1日生まれ', 'birth_date', '令和元年5月1日'],
    ['R2.3.15生', 'birth_date', 'R2.3.15'],
    ['番号は1234 5678 9012です', 'my_number', '1234 5678 9012'],
    ['123456789012', 'my_number', '123456789012'],
  ])('catches %s', (text, kind, span) => {
    expect(kinds(text)).toContain(kind);
    expect(spans(text)).toContain(span);
  });

  it.each([
    '胃ろうからの注入',
    '気管切開あり',
    '人工呼吸器を夜間のみ使用。吸引は1日10回程度。',
    'お母さんが疲れている。お父さんは単身赴任中。',
    '訪問看護師さんと主治医の先生に相談した',
    '担当の相談員さんと保健師さんが同席',
    'SpO2が90%を切ると酸素2L/分。体重12.5kg。',
    'Aちゃん（5歳）は医療的ケアが必要',
    '2024年4月に退院し、週3回の訪問看護を利用',
    '西部圏域の短期入所が2か所しかない',
    'ご家族様の意向を確認。きょうだいさんへの支援も必要。',
    '1日3回、200mlずつ注入',
    '他圏域で同様の調整を行った例があります。夜間の様子を記録。様々な工夫。',
  ])('leaves ordinary clinical text alone: %s', (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });

  it('reports offsets in characters, also after characters outside the BMP', () => {
    const text = '𠮷田さんの電話は090-1234-5678';
    const findings = findPersonalData(text);
    expect(findings).toEqual([
      { kind: 'name', start: 0, end: 4 },
      { kind: 'phone', start: 8, end: 21 },
    ]);
  });

  // A pattern that backtracks (an unbounded run before a part that fails) takes minutes on these;
  // the bounded ones take milliseconds. The timeout only stops a hung run; no time is asserted.
  it.each(Object.entries(adversarialTexts))(
    'finishes on 100,000 characters: %s',
    (_, text) => {
      const findings = findPersonalData(text);
      const length = [...text].length;
      for (const f of findings) expect(0 <= f.start && f.start < f.end && f.end <= length).toBe(true);
    },
    20_000,
  );
});
