import type { MessageSchema } from '../ja.ts';

const nav: MessageSchema['nav'] = {
  messages: 'Messages',
  directory: 'Find coordinators',
  profile: 'My profile',
  invitations: 'Invitations',
  import: 'Bulk import',
  users: 'Users',
  outbox: 'Outbox',
  settings: 'Settings',
  auditLog: 'Audit log',
  logout: 'Sign out',
  login: 'Sign in',
  menu: 'Menu',
  consultations: 'Consultations',
  caseReports: 'Case library',
  resources: 'Local resources',
  referrals: 'Referrals',
  organizationRequests: 'Organisation requests',
};

export default nav;
