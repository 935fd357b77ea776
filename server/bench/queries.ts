// The query mix of the benchmark: what people type into the directory search, in rotation.
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { CoordinatorSearchQuery } from '@tsunagu/shared';

export interface BenchQuery {
  label: string;
  query: CoordinatorSearchQuery;
}

/** A realistic rotation (every entry is sent equally often, in this order). */
export const MIX: BenchQuery[] = [
  {
    label: 'area+qualification+careType',
    query: { area: ['13-a'], qualification: ['nurse'], careType: ['ventilator'] },
  },
  { label: 'q 1 kanji 山', query: { q: '山' } },
  {
    label: 'area+qualification, page 2',
    query: { area: ['27-b'], qualification: ['consultation_specialist', 'social_worker'], page: 2 },
  },
  { label: 'q 2 kanji 山田', query: { q: '山田' } },
  { label: 'municipality+accepting', query: { municipality: ['14101', '14102'], accepting: true } },
  { label: 'q 4 chars 訪問看護', query: { q: '訪問看護' } },
  { label: 'no filters (page 1)', query: {} },
  { label: 'q 2 kanji 田中 + area', query: { q: '田中', area: ['40-a', '40-b'] } },
  { label: 'accepting only', query: { accepting: true } },
  { label: 'q kana ヤマダ (→やまだ)', query: { q: 'ヤマダ' } },
  {
    label: 'area+careTypes+accepting',
    query: { area: ['01-c'], careType: ['tube_feeding', 'suction'], accepting: true },
  },
  { label: 'q 3+ chars こもれび + qualification', query: { q: 'こもれび', qualification: ['nurse'] } },
  { label: 'no filters, page 5', query: { page: 5 } },
  { label: 'area, sort -trainingYear', query: { area: ['23-a'], sort: '-trainingYear' } },
];

/** The plans the report prints (the issue's list). */
export const PLAN_QUERIES: BenchQuery[] = [
  { label: 'no filters', query: {} },
  {
    label: 'area+qualification+careType',
    query: { area: ['13-a'], qualification: ['nurse'], careType: ['ventilator'] },
  },
  { label: 'q 1 kanji 山', query: { q: '山' } },
  { label: 'q 2 kanji 山田', query: { q: '山田' } },
  { label: 'q 4+ chars 訪問看護', query: { q: '訪問看護' } },
  { label: 'accepting only', query: { accepting: true } },
];

/** The URL the web client would request for a query (arrays as repeated parameters). */
export function urlOf(query: CoordinatorSearchQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) params.append(key, String(v));
  }
  const s = params.toString();
  return `/api/coordinators${s ? `?${s}` : ''}`;
}

export interface RenderedStatement {
  text: string;
  values: unknown[];
}

const dialect = new PgDialect();

export const render = (statement: SQL): RenderedStatement => {
  const q = dialect.sqlToQuery(statement);
  return { text: q.sql, values: q.params };
};
