import { EmptyQuery, HsdsExport, HsdsListQuery, HsdsObject, HsdsPage, IdParams } from '@tsunagu/shared';
import type { App } from '../../types.ts';
import * as hsds from './service.ts';

/** Open Referral HSDS 3.0 (read-only, public): the published service information of the resource directory. */
export default async function hsdsRoutes(app: App) {
  const ctx = { db: app.database.db, areas: app.areaDirectory };
  const tags = ['hsds'];
  const list = { querystring: HsdsListQuery, response: { 200: HsdsPage } };
  const one = { params: IdParams, querystring: EmptyQuery, response: { 200: HsdsObject } };

  app.get('/api/hsds/services', {
    config: { access: 'public' },
    schema: { tags, summary: 'HSDS services (one-to-one fields; full=true for nested objects)', ...list },
    handler: async (request) => hsds.listServices(ctx, request.query),
  });
  app.get('/api/hsds/services/:id', {
    config: { access: 'public' },
    schema: { tags, summary: 'An HSDS service, fully nested', ...one },
    handler: async (request) => hsds.getService(ctx, request.params.id),
  });
  app.get('/api/hsds/organizations', {
    config: { access: 'public' },
    schema: { tags, summary: 'HSDS organizations that provide a service in the directory', ...list },
    handler: async (request) => hsds.listOrganizations(ctx, request.query),
  });
  app.get('/api/hsds/organizations/:id', {
    config: { access: 'public' },
    schema: { tags, summary: 'An HSDS organization with its location and phones', ...one },
    handler: async (request) => hsds.getOrganization(ctx, request.params.id),
  });
  app.get('/api/hsds/service_at_locations', {
    config: { access: 'public' },
    schema: { tags, summary: 'HSDS service_at_locations, with their location', ...list },
    handler: async (request) => hsds.listServiceAtLocations(ctx, request.query),
  });
  app.get('/api/hsds/taxonomies', {
    config: { access: 'public' },
    schema: { tags, summary: 'The taxonomies: 医療的ケア (医療的ケア判定スコア) and service types', ...list },
    handler: async (request) => hsds.listTaxonomies(request.query),
  });
  app.get('/api/hsds/taxonomy_terms', {
    config: { access: 'public' },
    schema: { tags, summary: 'The taxonomy terms (medical-care types and service types)', ...list },
    handler: async (request) => hsds.listTaxonomyTerms(request.query),
  });
  app.get('/api/hsds/export', {
    config: { access: 'public' },
    schema: {
      tags,
      summary: 'The whole directory as HSDS 3.0 JSON',
      querystring: EmptyQuery,
      response: { 200: HsdsExport },
    },
    handler: async () => hsds.exportAll(ctx),
  });
}
