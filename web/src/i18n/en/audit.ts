import type { MessageSchema } from '../ja.ts';

const audit: MessageSchema['audit'] = {
  title: 'Audit log',
  intro: 'Who did what, and when. Family details are never recorded.',
  actor: 'Who',
  actorId: 'ID of who acted',
  action: 'Action',
  allActions: 'All actions',
  targetType: 'Kind of target',
  targetId: 'Target ID',
  from: 'From',
  to: 'To',
  search: 'Filter',
  reset: 'Clear',
  download: 'Download CSV',
  at: 'When',
  target: 'Target',
  detail: 'Detail',
  system: 'System',
  empty: 'No entries match.',
  total: '{n} entries',
  actions: {
    audit: {
      exported: 'Audit log exported as CSV',
    },
    auth: {
      login: 'Sign-in',
      login_failed: 'Failed sign-in',
      login_refused_locked: 'Sign-in refused (locked)',
      locked: 'Account locked',
      logout: 'Sign-out',
      password_changed: 'Password changed',
      password_reset: 'Password reset',
      password_reset_requested: 'Password reset requested',
      refresh_reuse: 'Session reuse detected',
      totp_enabled: 'Two-step verification set up',
    },
    case_report: {
      published: 'Case report published',
      returned: 'Case report returned',
    },
    consultation: {
      redacted: 'Consultation redacted',
    },
    import: {
      coordinators: 'Coordinator list imported',
      interrupted: 'Import interrupted',
    },
    invitation: {
      accepted: 'Invitation accepted',
      created: 'Invitation created',
      revoked: 'Invitation revoked',
    },
    organization: {
      created: 'Organisation created',
      updated: 'Organisation updated',
    },
    organization_request: {
      approved: 'Organisation change approved',
      cancelled: 'Organisation change withdrawn',
      created: 'Organisation change requested',
      rejected: 'Organisation change rejected',
    },
    referral: {
      family_erased: 'Family details erased',
      family_read: 'Family details read',
      sent: 'Referral sent',
    },
    resource: {
      created: 'Resource created',
      imported: 'Resources imported',
    },
    settings: {
      closure_day_added: 'Closure day added',
      closure_day_removed: 'Closure day removed',
      referral_retention: 'Referral retention changed',
      response_targets: 'Response targets changed',
    },
    user: {
      organization_changed: 'Organisation changed',
      role_changed: 'Role changed',
      status_changed: 'Account status changed',
    },
  },
};

export default audit;
