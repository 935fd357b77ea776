import { operations as op } from '@tsunagu/shared';
import { implement } from '../../lib/operation-routes.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import { addClosureDay, removeClosureDay } from './closures.ts';
import * as settings from './service.ts';

export default async function settingsRoutes(app: App) {
  const db = () => app.database.db;

  implement(app, op.getSettings, (request) => settings.getOverview(db(), actorOf(request)));
  implement(app, op.getResponseTargets, () => settings.getResponseTargets(db()));
  implement(app, op.setResponseTargets, (request) =>
    settings.setResponseTargets(db(), actorOf(request), request.body, request.ip),
  );
  implement(app, op.addClosureDay, async (request, reply) => {
    reply.code(201);
    return addClosureDay(db(), actorOf(request), request.body, request.ip);
  });
  implement(app, op.removeClosureDay, async (request, reply) => {
    await removeClosureDay(db(), actorOf(request), request.params.date, request.ip);
    return reply.code(204).send();
  });
}
