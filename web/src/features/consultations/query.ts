import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { ConsultationListQuery, ConsultationStatus, Priority } from '@tsunagu/shared';
import {
  consultationSorts,
  consultationStatuses,
  priorities as priorityList,
} from '@tsunagu/shared/consultation-constants';
import { onlyAllowed, queryList, queryOne, queryOneOf, queryPage } from '@/composables/url-query.ts';

export type QueueSort = NonNullable<ConsultationListQuery['sort']>;
// The lists come from shared's plain constants, so the filters offer exactly what the API accepts.
export const statuses = consultationStatuses;
export const priorities = priorityList;
export const queueSorts = consultationSorts;
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

export function queueFiltersFromQuery(q: LocationQuery): QueueFilters {
  const f = emptyQueueFilters();
  f.status = onlyAllowed(queryList(q.status), statuses);
  f.priority = onlyAllowed(queryList(q.priority), priorities);
  f.category = queryList(q.category);
  f.area = queryList(q.area);
  f.assignee = queryOne(q.assignee);
  f.overdue = queryOne(q.overdue) === 'true';
  f.sort = queryOneOf(q.sort, queueSorts, 'due');
  f.page = queryPage(q.page);
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

export function apiQueryFromQueueFilters(f: QueueFilters): Partial<ConsultationListQuery> {
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
