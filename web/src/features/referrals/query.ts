import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import type { ReferralListQuery, ReferralState } from '@tsunagu/shared';
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

export function apiQueryFromFilters(f: ReferralFilters): ReferralListQuery {
  return {
    direction: f.direction,
    ...(f.state ? { state: [f.state] } : {}),
    ...(f.overdue ? { overdue: true } : {}),
    page: f.page,
    pageSize: PAGE_SIZE,
  };
}

/** The 状態 filter's choice for "any state": a real value, so the Select shows its label (an empty one shows a blank box). */
export const ANY_STATE = 'any';
export const stateChoice = (f: ReferralFilters): string => f.state || ANY_STATE;
export const stateOfChoice = (choice: string): ReferralFilters['state'] =>
  (referralStates as readonly string[]).includes(choice) ? (choice as ReferralState) : '';
