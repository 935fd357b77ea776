import { operations as op } from '@tsunagu/shared';
import { implement } from '../../lib/operation-routes.ts';
import { actorOf } from '../../plugins/auth.ts';
import type { App } from '../../types.ts';
import * as auditLog from './service.ts';

/** The audit log for admins: filtered pages, the actions recorded, and a CSV for Excel. */
export default async function auditRoutes(app: App) {
  const db = () => app.database.db;

  implement(app, op.listAuditLog, (request) => auditLog.listAuditLog(db(), actorOf(request), request.query));
  implement(app, op.listAuditActions, async (request) => ({
    items: await auditLog.listActions(db(), actorOf(request)),
  }));
  implement(app, op.downloadAuditLogCsv, async (request, reply) => {
    const csv = await auditLog.auditLogCsv(db(), actorOf(request), request.query, request.ip);
    const day = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="audit-log-${day}.csv"`)
      .send(csv);
  });
}
