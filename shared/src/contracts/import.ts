import { ImportJob, ImportQuery } from '../schemas/admin.ts';
import { IdParams } from '../schemas/common.ts';
import { managerRoles } from '../roles.ts';
import { defineOperations } from './operation.ts';

const tags = ['imports'];

/** The largest coordinator list accepted (a prefecture's list is far smaller). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;

/** Importing the prefecture's coordinator list. */
export const importOperations = defineOperations({
  importCoordinators: {
    method: 'POST',
    path: '/api/admin/imports/coordinators',
    access: managerRoles,
    tags,
    summary: 'Import a coordinator list (CSV in UTF-8 or Shift_JIS): dry run by default',
    description:
      'The body is the CSV file itself (Content-Type text/csv or application/octet-stream, at most 10 MB). ' +
      'The rows are processed in the background: poll GET /api/admin/imports/{id} for progress and the report.',
    rawBody: true,
    // Browsers on Windows label a .csv file application/vnd.ms-excel; a real .xls is refused as binary.
    consumes: ['text/csv', 'application/octet-stream', 'application/vnd.ms-excel'],
    maxBodyBytes: MAX_IMPORT_BYTES,
    query: ImportQuery,
    responses: { 202: ImportJob },
    errors: ['bad_csv'],
  },
  getImportJob: {
    method: 'GET',
    path: '/api/admin/imports/:id',
    access: managerRoles,
    tags,
    summary: 'An import job: progress, then its report',
    params: IdParams,
    responses: { 200: ImportJob },
  },
});
