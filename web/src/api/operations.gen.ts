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
  searchCoordinators: { method: 'GET', path: '/api/coordinators', access: 'authenticated' },
  getCoordinator: { method: 'GET', path: '/api/coordinators/:id', access: 'authenticated' },
  getOwnProfile: { method: 'GET', path: '/api/me/profile', access: 'authenticated' },
  updateOwnProfile: { method: 'PATCH', path: '/api/me/profile', access: 'authenticated' },
  listAreas: { method: 'GET', path: '/api/areas', access: 'public' },
  listVocabularies: { method: 'GET', path: '/api/vocabularies', access: 'public' },
} as const;
