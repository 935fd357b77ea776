import { operations as op } from '@tsunagu/shared';
import { implement } from '../../lib/operation-routes.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import * as organizations from './service.ts';

/** The organisations users belong to: read by everyone signed in, kept by the centre. */
export default async function organizationRoutes(app: App) {
  const { db } = app.database;
  const ctx = () => ({ db, areas: app.areaDirectory });

  implement(app, op.listOrganizations, (request) =>
    organizations.listOrganizations(db, actorOf(request), request.query),
  );
  implement(app, op.getOrganization, (request) =>
    organizations.getOrganization(db, actorOf(request), request.params.id),
  );
  implement(app, op.createOrganization, async (request, reply) => {
    reply.code(201);
    return organizations.createOrganization(ctx(), actorOf(request), request.body, request.ip);
  });
  implement(app, op.updateOrganization, (request) =>
    organizations.updateOrganization(ctx(), actorOf(request), request.params.id, request.body, request.ip),
  );
}
