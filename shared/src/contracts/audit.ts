import Type from 'typebox';
import { AuditActionsResponse, AuditLogCsvQuery, AuditLogQuery, AuditLogResponse } from '../schemas/audit.ts';
import { defineOperations } from './operation.ts';

const tags = ['audit'];

/** The audit log, read by admins only (it names who did what to whom). */
export const auditOperations = defineOperations({
  listAuditLog: {
    method: 'GET',
    path: '/api/audit-log',
    access: ['admin'],
    tags,
    summary: 'The audit log, newest first, filtered by actor, action, target and date range',
    query: AuditLogQuery,
    responses: { 200: AuditLogResponse },
  },
  downloadAuditLogCsv: {
    method: 'GET',
    path: '/api/audit-log.csv',
    access: ['admin'],
    tags,
    summary: 'The filtered audit log as CSV (UTF-8 with a BOM, for Excel)',
    description: 'Same filters as listAuditLog; at most 50,000 rows, newest first. Answers text/csv.',
    query: AuditLogCsvQuery,
    responses: { 200: Type.String({ description: 'text/csv; charset=utf-8' }) },
  },
  listAuditActions: {
    method: 'GET',
    path: '/api/audit-log/actions',
    access: ['admin'],
    tags,
    summary: 'The actions recorded in the audit log, for the filter',
    responses: { 200: AuditActionsResponse },
  },
});
