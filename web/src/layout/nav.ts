import type { Router } from 'vue-router';
import type { Role } from '@tsunagu/shared';
import { roleMayCall } from '@/api/operations.ts';
import type { MessageKey } from '@/i18n/index.ts';

export interface NavLink {
  to: string;
  label: MessageKey;
  testid: string;
}

/** The header's menu, in order. Who sees an entry follows from its page (see `navFor`), never a list here. */
const entries: NavLink[] = [
  { to: '/', label: 'nav.directory', testid: 'nav-directory' },
  { to: '/me', label: 'nav.profile', testid: 'nav-profile' },
  { to: '/messages', label: 'nav.messages', testid: 'nav-messages' },
  { to: '/consultations', label: 'nav.consultations', testid: 'nav-consultations' },
  { to: '/case-reports', label: 'nav.caseReports', testid: 'nav-case-reports' },
  { to: '/resources', label: 'nav.resources', testid: 'nav-resources' },
  { to: '/referrals', label: 'nav.referrals', testid: 'nav-referrals' },
  { to: '/admin/invitations', label: 'nav.invitations', testid: 'nav-invitations' },
  { to: '/admin/import', label: 'nav.import', testid: 'nav-import' },
  { to: '/admin/users', label: 'nav.users', testid: 'nav-users' },
  {
    to: '/admin/organization-requests',
    label: 'nav.organizationRequests',
    testid: 'nav-organization-requests',
  },
  { to: '/admin/settings', label: 'nav.settings', testid: 'nav-settings' },
  { to: '/admin/outbox', label: 'nav.outbox', testid: 'nav-outbox' },
  { to: '/admin/audit-log', label: 'nav.auditLog', testid: 'nav-audit-log' },
];

/**
 * The entries this role may open: a page names the operation it is built on (route meta), and
 * the operation's contract says who may call it — the same list the server enforces.
 */
export function navFor(router: Pick<Router, 'resolve'>, role: Role): NavLink[] {
  return entries.filter((e) => {
    const operation = router.resolve(e.to).meta.operation;
    return !operation || roleMayCall(operation, role);
  });
}
