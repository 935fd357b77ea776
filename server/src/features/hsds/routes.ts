import { operations as op } from '@tsunagu/shared';
import { implement } from '../../lib/operation-routes.ts';
import type { App } from '../../types.ts';
import * as hsds from './service.ts';

/** Open Referral HSDS 3.0 (read-only, public): the published service information of the resource directory. */
export default async function hsdsRoutes(app: App) {
  const ctx = { db: app.database.db, areas: app.areaDirectory };

  implement(app, op.listHsdsServices, (request) => hsds.listServices(ctx, request.query));
  implement(app, op.getHsdsService, (request) => hsds.getService(ctx, request.params.id));
  implement(app, op.listHsdsOrganizations, (request) => hsds.listOrganizations(ctx, request.query));
  implement(app, op.getHsdsOrganization, (request) => hsds.getOrganization(ctx, request.params.id));
  implement(app, op.listHsdsServiceAtLocations, (request) => hsds.listServiceAtLocations(ctx, request.query));
  implement(app, op.listHsdsTaxonomies, (request) => hsds.listTaxonomies(request.query));
  implement(app, op.listHsdsTaxonomyTerms, (request) => hsds.listTaxonomyTerms(request.query));
  implement(app, op.exportHsds, () => hsds.exportAll(ctx));
}
