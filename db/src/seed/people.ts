import type { Rng } from './random.ts';

// Fictional people: common family and given names combined at random (no real person).
const familyNames: [string, string][] = [
  ['山田', 'やまだ'], ['佐藤', 'さとう'], ['鈴木', 'すずき'], ['高橋', 'たかはし'], ['田中', 'たなか'],
  ['伊藤', 'いとう'], ['渡辺', 'わたなべ'], ['中村', 'なかむら'], ['小林', 'こばやし'], ['加藤', 'かとう'],
  ['吉田', 'よしだ'], ['松本', 'まつもと'], ['井上', 'いのうえ'], ['木村', 'きむら'], ['林', 'はやし'],
  ['清水', 'しみず'], ['森', 'もり'], ['池田', 'いけだ'], ['橋本', 'はしもと'], ['石川', 'いしかわ'],
  ['前田', 'まえだ'], ['岡田', 'おかだ'], ['長谷川', 'はせがわ'], ['藤井', 'ふじい'], ['村上', 'むらかみ'],
  ['近藤', 'こんどう'], ['坂本', 'さかもと'], ['遠藤', 'えんどう'], ['青木', 'あおき'], ['西村', 'にしむら'],
];
const givenNames: [string, string][] = [
  ['花子', 'はなこ'], ['恵', 'めぐみ'], ['由美', 'ゆみ'], ['直美', 'なおみ'], ['智子', 'ともこ'],
  ['美咲', 'みさき'], ['陽子', 'ようこ'], ['真理', 'まり'], ['綾', 'あや'], ['香織', 'かおり'],
  ['健一', 'けんいち'], ['誠', 'まこと'], ['大輔', 'だいすけ'], ['翔太', 'しょうた'], ['浩二', 'こうじ'],
  ['亮', 'りょう'], ['拓也', 'たくや'], ['和也', 'かずや'], ['里美', 'さとみ'], ['千尋', 'ちひろ'],
];

export function fictionalPerson(r: Rng) {
  const [family, familyKana] = r.pick(familyNames);
  const [given, givenKana] = r.pick(givenNames);
  return { displayName: `${family} ${given}`, displayKana: `${familyKana} ${givenKana}` };
}

// Fictional organisation names: an invented word, the kind of place, and a made-up place name.
const names: [string, string][] = [
  ['こもれび', 'こもれび'], ['そよかぜ', 'そよかぜ'], ['にじいろ', 'にじいろ'], ['ほしぞら', 'ほしぞら'],
  ['わかば', 'わかば'], ['ひだまり', 'ひだまり'], ['つむぎ', 'つむぎ'], ['みずいろ', 'みずいろ'],
  ['はぐくみ', 'はぐくみ'], ['あかり', 'あかり'], ['いろは', 'いろは'], ['まどか', 'まどか'],
];
export const organizationKinds: Record<string, [string, string]> = {
  visiting_nursing: ['訪問看護ステーション', 'ほうもんかんごすてーしょん'],
  consultation_office: ['相談支援事業所', 'そうだんしえんじぎょうしょ'],
  core_consultation_center: ['基幹相談支援センター', 'きかんそうだんしえんせんたー'],
  hospital: ['こども病院', 'こどもびょういん'],
  clinic: ['小児科クリニック', 'しょうにかくりにっく'],
  municipal_office: ['町役場 子ども家庭課', 'まちやくば こどもかていか'],
  health_center: ['保健センター', 'ほけんせんたー'],
  child_development: ['児童発達支援センター', 'じどうはったつしえんせんたー'],
  after_school_day: ['放課後等デイサービス', 'ほうかごとうでいさーびす'],
  short_stay: ['短期入所ホーム', 'たんきにゅうしょほーむ'],
  severe_disability_facility: ['療育園', 'りょういくえん'],
  school: ['特別支援学校（架空）', 'とくべつしえんがっこう'],
};

export function fictionalOrganizationName(r: Rng, type: string, place: string) {
  const [word, wordKana] = r.pick(names);
  const [kind, kindKana] = organizationKinds[type] ?? ['センター', 'せんたー'];
  return { name: `${word}${kind}${place ? ` ${place}` : ''}`, kana: `${wordKana}${kindKana}` };
}

/** Phone numbers from an unassigned range (0000-…), never a real line. */
export const fictionalPhone = (r: Rng) => `0000-${r.int(10, 99)}-${String(r.int(0, 9999)).padStart(4, '0')}`;
