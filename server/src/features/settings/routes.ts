import { operations as op } from '@tsunagu/shared';
import { implement } from '../../lib/operation-routes.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import { addClosureDay, refreshClosureCalendar, removeClosureDay } from './closures.ts';
import * as settings from './service.ts';

/** How often a process re-reads the closure days another process may have changed. */
const CLOSURE_REFRESH_MS = 60_000;

export default async function settingsRoutes(app: App) {
  const db = () => app.database.db;

  // The business clock is synchronous: it works from a copy of the closure days kept here.
  app.addHook('onReady', async () => refreshClosureCalendar(db()));
  const timer = setInterval(() => void refreshClosureCalendar(db()).catch(() => {}), CLOSURE_REFRESH_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));

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
