import type { Db } from '@tsunagu/db';
import type { EventBus } from '../../lib/events.ts';
import type { AreaDirectory } from '../reference/service.ts';

export interface ConsultationContext {
  db: Db;
  areas: AreaDirectory;
  events: EventBus;
  ip: string | null;
  now?: () => Date;
}

/** The time of the request (tests may fix it). */
export const now = (ctx: ConsultationContext) => ctx.now?.() ?? new Date();
