import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { CoordinatorSearchQuery } from '@tsunagu/shared';
import { queryList, queryOne, queryOneOf, queryPage, queryPositiveInt } from '@/composables/url-query.ts';

export type Sort = NonNullable<CoordinatorSearchQuery['sort']>;
export const listKeys = ['area', 'municipality', 'qualification', 'orgType', 'careType', 'domain'] as const;
export type ListKey = (typeof listKeys)[number];

/** The search form's state: the API query with every field present. */
export type DirectoryFilters = { [K in ListKey]: NonNullable<CoordinatorSearchQuery[K]> } & {
  accepting: boolean;
  q: string;
  page: number;
  pageSize: number;
  sort: Sort;
};

/** The sort options offered, in order (typed against the shared schema's list). */
export const sorts = [
  'kana',
  '-kana',
  'trainingYear',
  '-trainingYear',
  '-updated',
  'relevance',
] as const satisfies readonly Sort[];
export const pageSizes = [10, 20, 50] as const;
export const DEFAULT_PAGE_SIZE = 20;

/** With free text, relevance ranks best; without, kana order. */
export function defaultSort(q: string): Sort {
  return q.trim() ? 'relevance' : 'kana';
}

export function emptyFilters(): DirectoryFilters {
  return {
    area: [],
    municipality: [],
    qualification: [],
    orgType: [],
    careType: [],
    domain: [],
    accepting: false,
    q: '',
    page: 1,
    pageSize: DEFAULT_PAGE_SIZE,
    sort: 'kana',
  };
}

/** URL query → form state (tolerant: anything unknown falls back to the default). */
export function filtersFromQuery(query: LocationQuery): DirectoryFilters {
  const f = emptyFilters();
  for (const key of listKeys) f[key] = queryList(query[key]);
  f.accepting = queryOne(query.accepting) === 'true';
  f.q = queryOne(query.q).slice(0, 100);
  f.page = queryPage(query.page);
  const size = queryPositiveInt(query.pageSize, DEFAULT_PAGE_SIZE, 100);
  f.pageSize = (pageSizes as readonly number[]).includes(size) ? size : DEFAULT_PAGE_SIZE;
  f.sort = queryOneOf(query.sort, sorts, defaultSort(f.q));
  return f;
}

/** Form state → URL query, leaving defaults out so URLs stay short and stable. */
export function queryFromFilters(f: DirectoryFilters): LocationQueryRaw {
  const out: LocationQueryRaw = {};
  for (const key of listKeys) if (f[key].length) out[key] = [...f[key]];
  if (f.accepting) out.accepting = 'true';
  const q = f.q.trim();
  if (q) out.q = q;
  if (f.sort !== defaultSort(q)) out.sort = f.sort;
  if (f.page > 1) out.page = String(f.page);
  if (f.pageSize !== DEFAULT_PAGE_SIZE) out.pageSize = String(f.pageSize);
  return out;
}

/** Form state → API query string values. */
export function apiQueryFromFilters(f: DirectoryFilters): CoordinatorSearchQuery {
  const out: CoordinatorSearchQuery = {};
  for (const key of listKeys) if (f[key].length) out[key] = f[key];
  if (f.accepting) out.accepting = true;
  const q = f.q.trim();
  if (q) out.q = q;
  out.sort = f.sort;
  out.page = f.page;
  out.pageSize = f.pageSize;
  return out;
}

/** Keeps only municipalities that lie in the chosen areas (all when none is chosen). */
export function pruneMunicipalities(
  municipalities: readonly string[],
  areas: readonly string[],
  areaOf: (code: string) => string | undefined,
): string[] {
  if (areas.length === 0) return [...municipalities];
  return municipalities.filter((m) => {
    const a = areaOf(m);
    return a !== undefined && areas.includes(a);
  });
}
