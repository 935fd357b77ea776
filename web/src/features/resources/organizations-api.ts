import { call } from '@/api/operations.ts';

/** The organisations a resource may belong to, searched by name (the organisations feature's operation). */
export const organizationsLookup = (q: string) => call('listOrganizations', { query: { q, pageSize: 20 } });
