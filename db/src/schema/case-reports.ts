import { sql } from 'drizzle-orm';
import { index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { areas } from './areas.ts';
import { users } from './people.ts';
import { consultations } from './consultations.ts';
import { createdAt, updatedAt, tstz } from './columns.ts';

// ── Case library (事例報告) ──
export const caseReports = pgTable(
  'case_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consultationId: uuid('consultation_id').references(() => consultations.id, { onDelete: 'set null' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    status: text('status').notNull().default('draft'),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    whatWorked: text('what_worked').notNull().default(''),
    categories: text('categories')
      .array()
      .notNull()
      .default(sql`'{}'`),
    careTypes: text('care_types')
      .array()
      .notNull()
      .default(sql`'{}'`),
    ageBand: text('age_band'),
    areaCode: text('area_code').references(() => areas.code),
    reviewComment: text('review_comment'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    publishedAt: tstz('published_at'),
    searchText: text('search_text').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('case_reports_status_idx').on(t.status, t.publishedAt),
    index('case_reports_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('case_reports_categories_idx').using('gin', t.categories),
    index('case_reports_care_types_idx').using('gin', t.careTypes),
  ],
);
