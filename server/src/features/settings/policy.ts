import type { Actor } from '../../types.ts';

/**
 * The centre's settings are read by its staff and changed by admins only: response targets
 * and closure days move every due date the centre is held to.
 */
export const canEditSettings = (actor: Pick<Actor, 'role'>) => actor.role === 'admin';

export const settingsCan = (actor: Pick<Actor, 'role'>) => ({
  editResponseTargets: canEditSettings(actor),
  editClosureDays: canEditSettings(actor),
});

export const closureDayCan = (actor: Pick<Actor, 'role'>) => ({ remove: canEditSettings(actor) });
