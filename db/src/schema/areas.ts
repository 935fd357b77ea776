import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';

// ── Areas: prefecture → 圏域 → municipality (JIS codes), loaded from a prefecture file ──
export const prefectures = pgTable('prefectures', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
});

export const areas = pgTable('areas', {
  code: text('code').primaryKey(),
  prefectureCode: text('prefecture_code')
    .notNull()
    .references(() => prefectures.code),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  position: integer('position').notNull(),
});

export const municipalities = pgTable(
  'municipalities',
  {
    code: text('code').primaryKey(),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    name: text('name').notNull(),
    kana: text('kana').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [index('municipalities_area_idx').on(t.areaCode)],
);
