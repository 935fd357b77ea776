import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { ReferralState } from '@tsunagu/shared';
import type { Query } from '@/api/client.ts';

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

const one = (v: LocationQuery[string] | undefined) => {
  const x = Array.isArray(v) ? v[0] : v;
  return typeof x === 'string' ? x : '';
};

export function filtersFromQuery(q: LocationQuery): ReferralFilters {
  const direction = one(q.direction);
  const state = one(q.state);
  const page = Number.parseInt(one(q.page), 10);
  return {
    direction: (directions as readonly string[]).includes(direction) ? (direction as Direction) : 'all',
    state: (referralStates as readonly string[]).includes(state) ? (state as ReferralState) : '',
    overdue: one(q.overdue) === 'true',
    page: Number.isFinite(page) && page >= 1 ? page : 1,
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
