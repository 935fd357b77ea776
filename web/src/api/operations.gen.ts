// Generated from the contracts in shared/src/contracts by `pnpm --filter @tsunagu/shared gen`.
// Do not edit: shared/test/contracts.test.ts fails when this file and the contracts differ.
export const operationRoutes = {
  getHealth: { method: 'GET', path: '/api/health', access: 'public' },
  createOrganizationRequest: { method: 'POST', path: '/api/organization-requests', access: ['coordinator', 'supporter'] },
  listMyOrganizationRequests: { method: 'GET', path: '/api/organization-requests/mine', access: 'authenticated' },
  listOrganizationRequests: { method: 'GET', path: '/api/organization-requests', access: ['center_staff', 'admin'] },
  approveOrganizationRequest: { method: 'POST', path: '/api/organization-requests/:id/approve', access: ['center_staff', 'admin'] },
  rejectOrganizationRequest: { method: 'POST', path: '/api/organization-requests/:id/reject', access: ['center_staff', 'admin'] },
  cancelOrganizationRequest: { method: 'POST', path: '/api/organization-requests/:id/cancel', access: ['coordinator', 'supporter'] },
  getSettings: { method: 'GET', path: '/api/settings', access: ['center_staff', 'admin'] },
  getResponseTargets: { method: 'GET', path: '/api/settings/response-targets', access: ['center_staff', 'admin'] },
  setResponseTargets: { method: 'PUT', path: '/api/settings/response-targets', access: ['admin'] },
  addClosureDay: { method: 'POST', path: '/api/settings/closure-days', access: ['admin'] },
  removeClosureDay: { method: 'DELETE', path: '/api/settings/closure-days/:date', access: ['admin'] },
  listNotifications: { method: 'GET', path: '/api/notifications', access: 'authenticated' },
  countUnreadNotifications: { method: 'GET', path: '/api/notifications/unread-count', access: 'authenticated' },
  markNotificationRead: { method: 'POST', path: '/api/notifications/:id/read', access: 'authenticated' },
  markAllNotificationsRead: { method: 'POST', path: '/api/notifications/read-all', access: 'authenticated' },
  listAuditLog: { method: 'GET', path: '/api/audit-log', access: ['admin'] },
  downloadAuditLogCsv: { method: 'GET', path: '/api/audit-log.csv', access: ['admin'] },
  listAuditActions: { method: 'GET', path: '/api/audit-log/actions', access: ['admin'] },
} as const;
