import type { AuditLogQuery } from '@tsunagu/shared';
import { call } from '@/api/operations.ts';

export type AuditFilter = Omit<AuditLogQuery, 'page' | 'pageSize'>;

export const auditApi = {
  list: (query: AuditLogQuery) => call('listAuditLog', { query }),
  actions: () => call('listAuditActions'),
  csv: (query: AuditFilter) => call('downloadAuditLogCsv', { query }),
};
