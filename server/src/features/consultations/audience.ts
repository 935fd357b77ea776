import { eq } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import type { ConsultationContext } from './context.ts';
import * as repo from './repository.ts';

const { consultationParticipants: participants } = schema;

/** Everyone who may see the consultation now hears that it changed (their open pages refresh). */
export async function publishChanged(
  ctx: ConsultationContext,
  tx: Db,
  consultationId: string,
  actorId: string,
) {
  await ctx.events.publish(tx, 'consultation.changed', {
    consultationId,
    actorId,
    viewers: await repo.viewersOf(tx, consultationId),
  });
}

/** Everyone on the consultation who should hear of a change, except whoever made it. */
export async function audienceOf(db: Db, row: repo.ConsultationRow, except: string) {
  const invited = await db
    .select({ id: participants.userId })
    .from(participants)
    .where(eq(participants.consultationId, row.id));
  return [row.authorId, ...invited.map((p) => p.id), ...(row.assigneeId ? [row.assigneeId] : [])].filter(
    (id) => id !== except,
  );
}
