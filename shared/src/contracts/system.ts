import { EmptyQuery } from '../schemas/common.ts';
import { HealthResponse } from '../schemas/admin.ts';
import { defineOperations } from './operation.ts';

export const systemOperations = defineOperations({
  getHealth: {
    method: 'GET',
    path: '/api/health',
    access: 'public',
    tags: ['system'],
    summary: 'Liveness and database state',
    query: EmptyQuery,
    // 503 carries the same shape: the database is down, the process is alive.
    responses: { 200: HealthResponse, 503: HealthResponse },
  },
});
