import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { ConsultationListQuery, ConsultationStatus, Priority } from '@tsunagu/shared';
import type { Query } from '@/api/client.ts';

export type QueueSort = NonNullable<ConsultationListQuery['sort']>;
export const statuses = [
  'draft',
  'new',
  'triaged',
  'in_progress',
  'answered',
  'closed',
  'reopened',
] as const satisfies readonly ConsultationStatus[];
export const priorities = ['urgent', 'high', 'normal', 'low'] as const satisfies readonly Priority[];
export const queueSorts = [
  'due',
  'priority',
  '-created',
  'created',
  '-updated',
] as const satisfies readonly QueueSort[];
export const PAGE_SIZE = 20;

export interface QueueFilters {
  status: ConsultationStatus[];
  priority: Priority[];
  category: string[];
  area: string[];
  /** '' any, 'me', 'none' (unassigned) or a staff member's id. */
  assignee: string;
  overdue: boolean;
  sort: QueueSort;
  page: number;
}

export function emptyQueueFilters(): QueueFilters {
  return {
    status: [],
    priority: [],
    category: [],
    area: [],
    assignee: '',
    overdue: false,
    sort: 'due',
    page: 1,
  };
}

type Item = LocationQuery[string] | undefined;
const list = (v: Item): string[] => [
  ...new Set((Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string' && x !== '')),
];
const one = (v: Item): string => {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' ? x : '';
};
const only = <T extends string>(values: string[], allowed: readonly T[]): T[] =>
  values.filter((v): v is T => (allowed as readonly string[]).includes(v));

export function queueFiltersFromQuery(q: LocationQuery): QueueFilters {
  const f = emptyQueueFilters();
  f.status = only(list(q.status), statuses);
  f.priority = only(list(q.priority), priorities);
  f.category = list(q.category);
  f.area = list(q.area);
  f.assignee = one(q.assignee);
  f.overdue = one(q.overdue) === 'true';
  f.sort = only([one(q.sort)], queueSorts)[0] ?? 'due';
  const page = Number.parseInt(one(q.page), 10);
  f.page = Number.isFinite(page) && page >= 1 ? Math.min(page, 10000) : 1;
  return f;
}

export function queryFromQueueFilters(f: QueueFilters): LocationQueryRaw {
  const out: LocationQueryRaw = {};
  for (const key of ['status', 'priority', 'category', 'area'] as const)
    if (f[key].length) out[key] = [...f[key]];
  if (f.assignee) out.assignee = f.assignee;
  if (f.overdue) out.overdue = 'true';
  if (f.sort !== 'due') out.sort = f.sort;
  if (f.page > 1) out.page = String(f.page);
  return out;
}

export function apiQueryFromQueueFilters(f: QueueFilters): Query {
  return {
    status: f.status,
    priority: f.priority,
    category: f.category,
    area: f.area,
    assignee: f.assignee || undefined,
    overdue: f.overdue ? true : undefined,
    sort: f.sort,
    page: f.page,
    pageSize: PAGE_SIZE,
  };
}

/** Business minutes left → hours and minutes (absolute). */
export function splitMinutes(minutes: number): { h: number; m: number } {
  const abs = Math.abs(minutes);
  return { h: Math.floor(abs / 60), m: abs % 60 };
}
