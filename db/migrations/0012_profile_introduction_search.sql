ALTER TABLE "coordinator_profiles" ADD COLUMN "introduction_search" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- Existing introductions, normalised as normalizeForSearch does (NFKC, lower case, katakana to hiragana, no spaces).
UPDATE "coordinator_profiles" SET "introduction_search" = regexp_replace(translate(lower(normalize("introduction", NFKC)), 'ァアィイゥウェエォオカガキギクグケゲコゴサザシジスズセゼソゾタダチヂッツヅテデトドナニヌネノハバパヒビピフブプヘベペホボポマミムメモャヤュユョヨラリルレロヮワヰヱヲンヴヵヶ', 'ぁあぃいぅうぇえぉおかがきぎくぐけげこごさざしじすずせぜそぞただちぢっつづてでとどなにぬねのはばぱひびぴふぶぷへべぺほぼぽまみむめもゃやゅゆょよらりるれろゎわゐゑをんゔゕゖ'), '\s+', '', 'g') WHERE "introduction" <> '';--> statement-breakpoint
CREATE INDEX "profiles_introduction_trgm_idx" ON "coordinator_profiles" USING gin ("introduction_search" gin_trgm_ops);
