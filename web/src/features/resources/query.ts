import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { CapacityState, ResourceSearchQuery, WaitEstimate } from '@tsunagu/shared';
import { onlyAllowed, queryList, queryOne, queryOneOf, queryPage } from '@/composables/url-query.ts';

export type ResourceSort = NonNullable<ResourceSearchQuery['sort']>;
export const listKeys = ['area', 'municipality', 'serviceType', 'careType', 'capacity'] as const;
export type ListKey = (typeof listKeys)[number];

/** The search form's state; `sort: ''` is the server's default (those that can take the child now first). */
export type ResourceFilters = { [K in ListKey]: string[] } & {
  age: number | null;
  q: string;
  sort: ResourceSort | '';
  page: number;
};

export const PAGE_SIZE = 20;
/** The shared vocabularies of the API, as values (typed against the shared schema). */
export const resourceSorts = ['name', '-confirmed', 'confirmed'] as const satisfies readonly ResourceSort[];
export const capacityStates = [
  'available',
  'waitlist',
  'not_accepting',
] as const satisfies readonly CapacityState[];
export const waitEstimates = ['under_1m', '1_3m', 'over_3m'] as const satisfies readonly WaitEstimate[];
export const sorts = ['', ...resourceSorts] as const;

export function emptyFilters(): ResourceFilters {
  return {
    area: [],
    municipality: [],
    serviceType: [],
    careType: [],
    capacity: [],
    age: null,
    q: '',
    sort: '',
    page: 1,
  };
}

/** URL query → form state (anything unknown falls back to the default). */
export function filtersFromQuery(query: LocationQuery): ResourceFilters {
  const f = emptyFilters();
  for (const key of listKeys) f[key] = queryList(query[key]);
  f.capacity = onlyAllowed(f.capacity, capacityStates);
  const age = Number.parseInt(queryOne(query.age), 10);
  f.age = Number.isFinite(age) && age >= 0 && age <= 99 ? age : null;
  f.q = queryOne(query.q).slice(0, 100);
  f.sort = queryOneOf(query.sort, resourceSorts, '');
  f.page = queryPage(query.page);
  return f;
}

/** Form state → URL query, defaults left out. */
export function queryFromFilters(f: ResourceFilters): LocationQueryRaw {
  const out: LocationQueryRaw = {};
  for (const key of listKeys) if (f[key].length) out[key] = [...f[key]];
  if (f.age !== null) out.age = String(f.age);
  if (f.q.trim()) out.q = f.q.trim();
  if (f.sort) out.sort = f.sort;
  if (f.page > 1) out.page = String(f.page);
  return out;
}

/** Form state → API query. */
export function apiQueryFromFilters(f: ResourceFilters): Partial<ResourceSearchQuery> {
  const out: Partial<ResourceSearchQuery> = { page: f.page, pageSize: PAGE_SIZE };
  if (f.area.length) out.area = f.area;
  if (f.municipality.length) out.municipality = f.municipality;
  if (f.serviceType.length) out.serviceType = f.serviceType;
  if (f.careType.length) out.careType = f.careType;
  if (f.capacity.length) out.capacity = onlyAllowed(f.capacity, capacityStates);
  if (f.age !== null) out.age = f.age;
  if (f.q.trim()) out.q = f.q.trim();
  if (f.sort) out.sort = f.sort;
  return out;
}
