import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { ReferralState } from '@tsunagu/shared';
import type { Query } from '@/api/client.ts';
import { queryOne, queryOneOf, queryPage } from '@/composables/url-query.ts';

export const referralStates = [
  'draft',
  'sent',
  'accepted',
  'declined',
  'completed',
  'cancelled',
] as const satisfies readonly ReferralState[];
export const directions = ['all', 'sent', 'received'] as const;
export type Direction = (typeof directions)[number];
export const PAGE_SIZE = 20;

export interface ReferralFilters {
  direction: Direction;
  state: ReferralState | '';
  overdue: boolean;
  page: number;
}

export function filtersFromQuery(q: LocationQuery): ReferralFilters {
  return {
    direction: queryOneOf(q.direction, directions, 'all'),
    state: queryOneOf(q.state, referralStates, ''),
    overdue: queryOne(q.overdue) === 'true',
    page: queryPage(q.page),
  };
}

export function queryFromFilters(f: ReferralFilters): LocationQueryRaw {
  const out: LocationQueryRaw = {};
  if (f.direction !== 'all') out.direction = f.direction;
  if (f.state) out.state = f.state;
  if (f.overdue) out.overdue = 'true';
  if (f.page > 1) out.page = String(f.page);
  return out;
}

export function apiQueryFromFilters(f: ReferralFilters): Query {
  return {
    direction: f.direction,
    state: f.state ? [f.state] : undefined,
    overdue: f.overdue || undefined,
    page: f.page,
    pageSize: PAGE_SIZE,
  };
}
