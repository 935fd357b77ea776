import type { Db } from '@tsunagu/db';
import { schema } from '@tsunagu/db';

export interface AuditEvent {
  actorId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, unknown>;
  ip?: string | null;
}

/** Appends to the audit log (the table refuses changes; see migration 0001). */
export async function audit(db: Pick<Db, 'insert'>, event: AuditEvent): Promise<void> {
  await db.insert(schema.auditLog).values({
    actorId: event.actorId ?? null,
    action: event.action,
    targetType: event.targetType ?? null,
    targetId: event.targetId ?? null,
    detail: event.detail ?? {},
    ip: event.ip ?? null,
  });
}
