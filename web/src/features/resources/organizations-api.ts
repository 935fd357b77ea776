import type { OrganizationListResponse } from '@tsunagu/shared';
import { api } from '@/api/client.ts';

/** Organisations are listed by their own feature (still written by hand until it has contracts). */
export const organizationsLookup = (q: string) =>
  api.get<OrganizationListResponse>('/api/organizations', { q, pageSize: 20 });
