import { count, desc, eq } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { canReadAudit, canReadOutbox } from './policy.ts';

export async function listOutbox(db: Db, actor: Actor, query: { page?: number; pageSize?: number }) {
  if (!canReadOutbox(actor)) throw new AppError('forbidden');
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(schema.outbox)
      .orderBy(desc(schema.outbox.createdAt))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(schema.outbox),
  ]);
  return {
    items: rows.map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      body: m.body,
      createdAt: m.createdAt.toISOString(),
      state: m.state,
      attempts: m.attempts,
      lastError: m.lastError,
      sentAt: m.sentAt?.toISOString() ?? null,
    })),
    total: total?.n ?? 0,
    page,
    pageSize,
  };
}

export async function listAudit(
  db: Db,
  actor: Actor,
  query: { action?: string; page?: number; pageSize?: number },
) {
  if (!canReadAudit(actor)) throw new AppError('forbidden');
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 50;
  const where = query.action ? eq(schema.auditLog.action, query.action) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(schema.auditLog)
      .where(where)
      .orderBy(desc(schema.auditLog.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(schema.auditLog).where(where),
  ]);
  return {
    items: rows.map((a) => ({
      id: a.id,
      at: a.at.toISOString(),
      actorId: a.actorId,
      action: a.action,
      targetType: a.targetType,
      targetId: a.targetId,
      detail: a.detail,
      ip: a.ip,
    })),
    total: total?.n ?? 0,
    page,
    pageSize,
  };
}
