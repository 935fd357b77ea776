import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { queryList, queryOne, queryOneOf, queryPage } from '@/composables/url-query.ts';
import type { CaseReportListQuery } from '@tsunagu/shared';

export const listKeys = ['category', 'careType', 'ageBand', 'area'] as const;
export type ListKey = (typeof listKeys)[number];
/** Which reports: the published library, my own, or (centre) those awaiting review. */
export const scopes = ['published', 'mine', 'review'] as const;
export type Scope = (typeof scopes)[number];
export const PAGE_SIZE = 20;

export type LibraryFilters = Record<ListKey, string[]> & { q: string; scope: Scope; page: number };

export function emptyLibraryFilters(): LibraryFilters {
  return { category: [], careType: [], ageBand: [], area: [], q: '', scope: 'published', page: 1 };
}

export function libraryFiltersFromQuery(q: LocationQuery): LibraryFilters {
  const f = emptyLibraryFilters();
  for (const k of listKeys) f[k] = queryList(q[k]);
  f.q = queryOne(q.q).slice(0, 100);
  f.scope = queryOneOf(q.scope, scopes, 'published');
  f.page = queryPage(q.page);
  return f;
}

export function queryFromLibraryFilters(f: LibraryFilters): LocationQueryRaw {
  const out: LocationQueryRaw = {};
  for (const k of listKeys) if (f[k].length) out[k] = [...f[k]];
  if (f.q.trim()) out.q = f.q.trim();
  if (f.scope !== 'published') out.scope = f.scope;
  if (f.page > 1) out.page = String(f.page);
  return out;
}

export function apiQueryFromLibraryFilters(f: LibraryFilters): Partial<CaseReportListQuery> {
  return {
    category: f.category,
    careType: f.careType,
    ageBand: f.ageBand,
    area: f.area,
    q: f.q.trim() || undefined,
    mine: f.scope === 'mine' ? true : undefined,
    status: f.scope === 'review' ? ['in_review'] : undefined,
    page: f.page,
    pageSize: PAGE_SIZE,
  };
}
