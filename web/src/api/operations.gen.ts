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
  listConversations: { method: 'GET', path: '/api/conversations', access: 'authenticated' },
  createConversation: { method: 'POST', path: '/api/conversations', access: 'authenticated' },
  getConversation: { method: 'GET', path: '/api/conversations/:id', access: 'authenticated' },
  addConversationMembers: { method: 'POST', path: '/api/conversations/:id/members', access: 'authenticated' },
  removeConversationMember: { method: 'DELETE', path: '/api/conversations/:id/members/:userId', access: 'authenticated' },
  joinChannel: { method: 'POST', path: '/api/conversations/:id/join', access: 'authenticated' },
  leaveConversation: { method: 'POST', path: '/api/conversations/:id/leave', access: 'authenticated' },
  listChannels: { method: 'GET', path: '/api/channels', access: 'authenticated' },
  getChannel: { method: 'GET', path: '/api/channels/:id', access: 'authenticated' },
  listMessages: { method: 'GET', path: '/api/conversations/:id/messages', access: 'authenticated' },
  searchMessages: { method: 'GET', path: '/api/messages/search', access: 'authenticated' },
  searchMessagingPeople: { method: 'GET', path: '/api/messaging/people', access: 'authenticated' },
} as const;
