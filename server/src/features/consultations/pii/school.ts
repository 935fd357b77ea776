/**
 * A named school or nursery (就将小学校, 県立皆生支援学校, ひまわり保育園): the run of kanji or
 * katakana before the school word, once the ownership (県立, 市立…) and generic words are set
 * aside, is a proper name. 「特別支援学校」「地元の保育園」「市内の小学校」 are not flagged.
 */
import type { Span } from './types.ts';

const SCHOOL =
  /(?<name>[\u4e00-\u9fff々ヶ\u30a1-\u30fa\u30fcぁ-ゖ]{1,12}?)(?:特別支援学校|支援学校|養護学校|盲学校|聾学校|ろう学校|義務教育学校|小学校|中学校|高等学校|高校|保育園|保育所|幼稚園|認定こども園|こども園|子ども園|学園|療育園)/g;
const OWNER = /^.*?(?:都立|道立|府立|県立|市立|区立|町立|村立|国立|私立|公立|組合立)/;
const GENERIC =
  /特別|肢体不自由|知的障害|知的|病弱|聴覚|視覚|地元|近所|近く|近隣|地域|市内|町内|村内|県内|区内|県外|市外|圏域|校区|学区|地区|普通|通常|院内|訪問|一般|併設|希望|受入れ|受け入れ|受入|入所|通所|認可外|無認可|認可|企業主導型|病児|病後児|事業所内|夜間|休日|医療型|福祉型|障害児|障がい児|医療的ケア児|医ケア|総合|同じ|別の|他の|各|当該|現在の|元の|前の|次の|新しい|新|現|元|前|次|同|別|他|小|中|高|の|に|は|が|を|と|へ|も|で|や/g;

/** ひまわり, さくら, あおば are names; ある, かよう, いい (a verb or an adjective before 保育園) are not. */
function hiraganaName(word: string): boolean {
  return word.length >= 3 && !/(?:[るうくすつぬむぶぐただ]|ない|たい|いい|よい|しい)$/.test(word);
}

export function findSchools(text: string, out: Span[]) {
  SCHOOL.lastIndex = 0;
  for (let m = SCHOOL.exec(text); m; m = SCHOOL.exec(text)) {
    const name = m.groups?.name ?? '';
    // Only the end of the run after the last particle can be the school's name.
    let tail = name.split(/[のにはがをとへもでや]/).at(-1) ?? '';
    // Mixed with hiragana (「常駐していない保育所」): only a trailing kanji/katakana run can be a name.
    if (/[ぁ-ゖ]/.test(tail) && /[^ぁ-ゖ]/.test(tail)) tail = /[^ぁ-ゖ]*$/.exec(tail)?.[0] ?? '';
    const proper = tail.replace(OWNER, '').replace(GENERIC, '');
    if (!proper || (/^[ぁ-ゖ]+$/.test(proper) && !hiraganaName(proper))) continue;
    const start = m.index + name.length - tail.length;
    out.push({ kind: 'school', start, end: m.index + m[0].length });
  }
}
