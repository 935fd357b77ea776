import { operations as op } from '@tsunagu/shared';
import { implement } from '../../lib/operation-routes.ts';
import { invalid } from '../../lib/errors.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import * as directory from './service.ts';

/** The coordinator directory and each user's own profile in it. */
export default async function directoryRoutes(app: App) {
  const ctx = () => ({ db: app.database.db, areas: app.areaDirectory, events: app.events });

  // The schema refuses it anyway; this says what to do instead of "unknown field".
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.operationId !== op.updateOwnProfile.operationId) return;
    const body = request.body as Record<string, unknown> | null;
    if (body && typeof body === 'object' && 'organizationId' in body)
      throw invalid(
        'organizationId',
        '所属機関はご自身では変更できません。プロフィールの「所属の変更を依頼」からセンターに依頼してください',
        'you cannot change your organisation yourself: ask the centre with "Request an organisation change" on your profile',
      );
  });

  implement(app, op.searchCoordinators, (request) => directory.searchCoordinators(ctx(), request.query));
  implement(app, op.getCoordinator, (request) =>
    directory.getCoordinator(ctx(), actorOf(request), request.params.id),
  );
  implement(app, op.getOwnProfile, (request) => directory.getOwnProfile(ctx(), actorOf(request)));
  implement(app, op.updateOwnProfile, (request) =>
    directory.updateOwnProfile(ctx(), actorOf(request), request.body),
  );
}
