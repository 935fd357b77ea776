import { EmptyQuery, IdParams } from '../schemas/common.ts';
import { HsdsExport, HsdsListQuery, HsdsObject, HsdsPage } from '../schemas/resources.ts';
import { defineOperations } from './operation.ts';

const tags = ['hsds'];
const list = {
  method: 'GET',
  access: 'public',
  tags,
  query: HsdsListQuery,
  responses: { 200: HsdsPage },
} as const;
const one = {
  method: 'GET',
  access: 'public',
  tags,
  params: IdParams,
  responses: { 200: HsdsObject },
} as const;

/** Open Referral HSDS 3.0 (read-only, public): the published service information of the resource directory. */
export const hsdsOperations = defineOperations({
  listHsdsServices: {
    ...list,
    path: '/api/hsds/services',
    summary: 'HSDS services (one-to-one fields; full=true for nested objects)',
  },
  getHsdsService: { ...one, path: '/api/hsds/services/:id', summary: 'An HSDS service, fully nested' },
  listHsdsOrganizations: {
    ...list,
    path: '/api/hsds/organizations',
    summary: 'HSDS organizations that provide a service in the directory',
  },
  getHsdsOrganization: {
    ...one,
    path: '/api/hsds/organizations/:id',
    summary: 'An HSDS organization with its location and phones',
  },
  listHsdsServiceAtLocations: {
    ...list,
    path: '/api/hsds/service_at_locations',
    summary: 'HSDS service_at_locations, with their location',
  },
  listHsdsTaxonomies: {
    ...list,
    path: '/api/hsds/taxonomies',
    summary: 'The taxonomies: 医療的ケア (医療的ケア判定スコア) and service types',
  },
  listHsdsTaxonomyTerms: {
    ...list,
    path: '/api/hsds/taxonomy_terms',
    summary: 'The taxonomy terms (medical-care types and service types)',
  },
  exportHsds: {
    method: 'GET',
    path: '/api/hsds/export',
    access: 'public',
    tags,
    summary: 'The whole directory as HSDS 3.0 JSON',
    query: EmptyQuery,
    responses: { 200: HsdsExport },
  },
});
