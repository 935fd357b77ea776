import { sql, type SQL } from 'drizzle-orm';
import { normalizeForSearch } from '@tsunagu/db';
import type { CoordinatorSearchQuery } from '@tsunagu/shared';
import { escapeLike, textArray } from '../../lib/sql.ts';
import { codesLabelled } from './keyword-codes.ts';

/**
 * The WHERE clause of a directory search. Within one filter any value matches (西部 or 中部;
 * nurse or public health nurse); care types and support domains must all be present (a
 * coordinator who knows both ventilators and tracheostomy). Index-served: GIN over the code
 * arrays, trigram GIN for 3+ characters, the 1–2-gram GIN below that.
 *
 * Qualifications, care types, support domains and organisation types are broad (看護師 is a
 * third of everyone, 人工呼吸器 nearly half): when the search also has a selective condition (an
 * area, a municipality or text), those are checked on the rows the selective index finds rather
 * than AND-ed as bitmaps of hundreds of thousands of entries (`array_cat(x, '{}')` is the same
 * array, but no index matches it). At 500k rows, area+看護師+人工呼吸器 went from 71 ms for the count
 * alone to 23 ms for the whole search (bench/README-figures.md).
 */
export function directoryWhere(query: CoordinatorSearchQuery): SQL {
  const conditions: SQL[] = [sql`p.listed`];
  const q = normalizeForSearch(query.q ?? '');
  const selective = !!(query.area?.length || query.municipality?.length || q);
  const broad = (column: string) => sql.raw(selective ? `array_cat(p.${column}, '{}')` : `p.${column}`);
  if (query.area?.length) conditions.push(sql`p.area_codes && ${textArray(query.area)}`);
  if (query.municipality?.length)
    conditions.push(sql`p.municipality_codes && ${textArray(query.municipality)}`);
  if (query.qualification?.length)
    conditions.push(sql`${broad('qualification_codes')} && ${textArray(query.qualification)}`);
  if (query.orgType?.length) conditions.push(sql`p.org_type = ANY(${textArray(query.orgType)})`);
  if (query.careType?.length) conditions.push(sql`${broad('care_types')} @> ${textArray(query.careType)}`);
  if (query.domain?.length) conditions.push(sql`${broad('domains')} @> ${textArray(query.domain)}`);
  if (query.accepting !== undefined) conditions.push(sql`p.accepting = ${query.accepting}`);
  if (q) conditions.push(keywordCondition(q));
  return sql.join(conditions, sql` AND `);
}

/**
 * The keyword: names, kana and organisation (the 1–2-gram GIN below three characters, trigram
 * GIN from three), the introduction (trigram GIN, three characters and more), and the codes whose
 * labels contain it (呼吸器 → ventilator, 看護師 → nurse; GIN over the code arrays). Each branch
 * is served by its own index, and PostgreSQL ORs their bitmaps.
 */
function keywordCondition(q: string): SQL {
  const length = [...q].length;
  const pattern = `%${escapeLike(q)}%`;
  const branches: SQL[] = [
    length <= 2 ? sql`p.search_grams @> ${textArray([q])}` : sql`p.search_text LIKE ${pattern}`,
  ];
  if (length >= 3) branches.push(sql`p.introduction_search LIKE ${pattern}`);
  const codes = codesLabelled(q);
  if (codes.qualifications.length)
    branches.push(sql`p.qualification_codes && ${textArray(codes.qualifications)}`);
  if (codes.medicalCareTypes.length) branches.push(sql`p.care_types && ${textArray(codes.medicalCareTypes)}`);
  if (codes.supportDomains.length) branches.push(sql`p.domains && ${textArray(codes.supportDomains)}`);
  return branches.length === 1 ? branches[0]! : sql`(${sql.join(branches, sql` OR `)})`;
}

export function directoryOrder(query: CoordinatorSearchQuery): SQL {
  const q = normalizeForSearch(query.q ?? '');
  switch (query.sort) {
    case '-kana':
      return sql`p.display_kana DESC, p.user_id DESC`;
    case 'trainingYear':
      return sql`p.training_year ASC NULLS LAST, p.display_kana, p.user_id`;
    case '-trainingYear':
      return sql`p.training_year DESC NULLS LAST, p.display_kana, p.user_id`;
    case '-updated':
      return sql`p.updated_at DESC, p.user_id`;
    case 'relevance':
      // Trigram similarity is weak for short Japanese text: use it to rank, never to filter.
      return q
        ? sql`similarity(p.search_text, ${q}) DESC, p.display_kana, p.user_id`
        : sql`p.display_kana, p.user_id`;
    default:
      return sql`p.display_kana, p.user_id`;
  }
}
