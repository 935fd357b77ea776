import { describe, expect, it } from 'vitest';
import {
  apiQueryFromFilters,
  emptyFilters,
  filtersFromQuery,
  pruneMunicipalities,
  queryFromFilters,
} from '../src/features/directory/query.ts';

describe('directory filters ↔ URL query', () => {
  it('reads repeatable filters, flags and paging from the URL', () => {
    const f = filtersFromQuery({
      area: ['31-west', '31-central'],
      municipality: '31202',
      careType: ['ventilator', 'ventilator'],
      accepting: 'true',
      q: '米子',
      page: '3',
      pageSize: '50',
      sort: '-updated',
    });
    expect(f).toMatchObject({
      area: ['31-west', '31-central'],
      municipality: ['31202'],
      careType: ['ventilator'],
      accepting: true,
      q: '米子',
      page: 3,
      pageSize: 50,
      sort: '-updated',
    });
  });

  it('falls back to defaults for anything unknown', () => {
    const f = filtersFromQuery({
      page: '-4',
      pageSize: '7',
      sort: 'drop table',
      accepting: 'yes',
      area: [null],
    });
    expect(f).toEqual(emptyFilters());
  });

  it('sorts by relevance by default when there is free text', () => {
    expect(filtersFromQuery({ q: '看護' }).sort).toBe('relevance');
    expect(queryFromFilters({ ...emptyFilters(), q: '看護', sort: 'relevance' })).toEqual({ q: '看護' });
  });

  it('writes only what differs from the defaults, and round-trips', () => {
    expect(queryFromFilters(emptyFilters())).toEqual({});
    const f = {
      ...emptyFilters(),
      qualification: ['nurse'],
      domain: ['family'],
      accepting: true,
      page: 2,
      sort: '-kana' as const,
    };
    const query = queryFromFilters(f);
    expect(query).toEqual({
      qualification: ['nurse'],
      domain: ['family'],
      accepting: 'true',
      page: '2',
      sort: '-kana',
    });
    expect(filtersFromQuery(query as Record<string, string | string[]>)).toEqual(f);
  });

  it('builds the API query with arrays, accepting only when asked, and paging', () => {
    expect(apiQueryFromFilters({ ...emptyFilters(), area: ['31-east'], q: ' 鳥取 ' })).toEqual({
      area: ['31-east'],
      q: '鳥取',
      sort: 'kana',
      page: 1,
      pageSize: 20,
    });
  });

  it('drops municipalities outside the chosen areas', () => {
    const areaOf = (m: string) => ({ '31201': '31-east', '31202': '31-west' })[m];
    expect(pruneMunicipalities(['31201', '31202'], ['31-west'], areaOf)).toEqual(['31202']);
    expect(pruneMunicipalities(['31201', '31202'], [], areaOf)).toEqual(['31201', '31202']);
  });
});
