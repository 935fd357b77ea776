import { describe, expect, it } from 'vitest';
import {
  onlyAllowed,
  queryList,
  queryOne,
  queryOneOf,
  queryPage,
  queryPositiveInt,
} from '../src/composables/url-query.ts';
import { filtersFromQuery as referralFilters } from '../src/features/referrals/query.ts';
import { queueFiltersFromQuery } from '../src/features/consultations/query.ts';
import { libraryFiltersFromQuery } from '../src/features/case-reports/query.ts';
import { filtersFromQuery as resourceFilters } from '../src/features/resources/query.ts';

describe('URL query readers', () => {
  it('lists the non-empty values of a key once each', () => {
    expect(queryList(['a', null, '', 'b', 'a'])).toEqual(['a', 'b']);
    expect(queryList('x')).toEqual(['x']);
    expect(queryList(undefined)).toEqual([]);
  });

  it('takes the first value of a key, or nothing', () => {
    expect(queryOne(['a', 'b'])).toBe('a');
    expect(queryOne([null])).toBe('');
    expect(queryOne(undefined)).toBe('');
  });

  it('reads pages and bounded numbers, falling back on nonsense', () => {
    expect(queryPage('3')).toBe(3);
    expect(queryPage('0')).toBe(1);
    expect(queryPage('-2')).toBe(1);
    expect(queryPage('x')).toBe(1);
    expect(queryPage('999999')).toBe(10000);
    expect(queryPositiveInt('500', 20, 100)).toBe(100);
    expect(queryPositiveInt(undefined, 20, 100)).toBe(20);
  });

  it('keeps only allowed values', () => {
    expect(onlyAllowed(['a', 'z', 'b'], ['a', 'b'] as const)).toEqual(['a', 'b']);
    expect(queryOneOf('b', ['a', 'b'] as const, 'a')).toBe('b');
    expect(queryOneOf('drop', ['a', 'b'] as const, '')).toBe('');
  });
});

describe('each feature reads its filters through them', () => {
  it('referrals: unknown direction and state fall back, the page is bounded', () => {
    expect(
      referralFilters({ direction: 'sideways', state: 'lost', page: '999999', overdue: 'true' }),
    ).toEqual({
      direction: 'all',
      state: '',
      overdue: true,
      page: 10000,
    });
    expect(referralFilters({ direction: 'received', state: 'accepted', page: '2' })).toMatchObject({
      direction: 'received',
      state: 'accepted',
      page: 2,
    });
  });

  it('consultations: only known statuses, priorities and sorts', () => {
    const f = queueFiltersFromQuery({ status: ['new', 'bogus', 'new'], priority: 'urgent', sort: 'x' });
    expect(f).toMatchObject({ status: ['new'], priority: ['urgent'], sort: 'due', page: 1 });
  });

  it('case reports and resources: scope and sort fall back to their defaults', () => {
    expect(libraryFiltersFromQuery({ scope: 'everything', q: ' 在宅 ' })).toMatchObject({
      scope: 'published',
      page: 1,
    });
    expect(libraryFiltersFromQuery({ scope: 'mine' }).scope).toBe('mine');
    expect(resourceFilters({ sort: 'confirmed', capacity: ['available', 'full'] })).toMatchObject({
      sort: 'confirmed',
      capacity: ['available'],
    });
    expect(resourceFilters({ sort: 'price' }).sort).toBe('');
  });
});
