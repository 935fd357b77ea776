import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import type { OperationId } from '@tsunagu/shared';
import { roleMayCall } from './api/operations.ts';
import type { MessageKey } from './i18n/index.ts';
import { i18n } from './i18n/index.ts';
import { useAuthStore } from './features/auth/store.ts';

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session. */
    public?: boolean;
    /** The operation the page is built on: only those who may call it open the page (its contract's access). */
    operation?: OperationId;
    /** The page title's message key. */
    title?: MessageKey;
  }
}

const routes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'directory',
    component: () => import('./features/directory/views/DirectoryView.vue'),
    meta: { title: 'directory.title' },
  },
  {
    path: '/coordinators/:id',
    name: 'coordinator',
    component: () => import('./features/directory/views/CoordinatorView.vue'),
    props: true,
    meta: { title: 'directory.title' },
  },
  {
    path: '/me',
    name: 'profile',
    component: () => import('./features/profile/views/ProfileView.vue'),
    meta: { title: 'profile.title' },
  },
  {
    path: '/login',
    name: 'login',
    component: () => import('./features/auth/views/LoginView.vue'),
    meta: { public: true, title: 'auth.loginTitle' },
  },
  {
    path: '/totp-setup',
    name: 'totp-setup',
    component: () => import('./features/auth/views/TotpSetupView.vue'),
    meta: { title: 'auth.totpSetupTitle' },
  },
  {
    path: '/invite/:token',
    name: 'invite',
    component: () => import('./features/auth/views/InviteAcceptView.vue'),
    props: true,
    meta: { public: true, title: 'auth.inviteTitle' },
  },
  {
    path: '/reset-password',
    name: 'reset-request',
    component: () => import('./features/auth/views/ResetRequestView.vue'),
    meta: { public: true, title: 'auth.resetTitle' },
  },
  {
    path: '/reset-password/:token',
    name: 'reset-confirm',
    component: () => import('./features/auth/views/ResetConfirmView.vue'),
    props: true,
    meta: { public: true, title: 'auth.resetTitle' },
  },
  {
    path: '/admin/invitations',
    name: 'admin-invitations',
    component: () => import('./features/admin/views/InvitationsView.vue'),
    meta: { operation: 'listInvitations', title: 'admin.invitationsTitle' },
  },
  {
    path: '/admin/import',
    name: 'admin-import',
    component: () => import('./features/admin/views/ImportView.vue'),
    meta: { operation: 'importCoordinators', title: 'admin.importTitle' },
  },
  {
    path: '/admin/users',
    name: 'admin-users',
    component: () => import('./features/admin/views/UsersView.vue'),
    meta: { operation: 'listUsers', title: 'admin.usersTitle' },
  },
  {
    path: '/admin/organization-requests',
    name: 'admin-organization-requests',
    component: () => import('./features/organization-requests/views/OrganizationRequestsView.vue'),
    meta: { operation: 'listOrganizationRequests', title: 'orgRequest.queueTitle' },
  },
  {
    path: '/admin/outbox',
    name: 'admin-outbox',
    component: () => import('./features/admin/views/OutboxView.vue'),
    meta: { operation: 'listOutbox', title: 'admin.outboxTitle' },
  },
  {
    path: '/admin/settings',
    name: 'admin-settings',
    component: () => import('./features/settings/views/SettingsView.vue'),
    meta: { operation: 'getSettings', title: 'settings.title' },
  },
  {
    path: '/admin/audit-log',
    name: 'admin-audit-log',
    component: () => import('./features/audit/views/AuditLogView.vue'),
    meta: { operation: 'listAuditLog', title: 'audit.title' },
  },
  {
    path: '/consultations',
    name: 'consultations',
    component: () => import('./features/consultations/views/ConsultationListView.vue'),
    meta: { operation: 'listConsultations', title: 'consultation.listTitle' },
  },
  {
    path: '/consultations/new',
    name: 'consultation-new',
    component: () => import('./features/consultations/views/ConsultationFormView.vue'),
    meta: { operation: 'createConsultation', title: 'consultation.formTitleNew' },
  },
  {
    path: '/consultations/:id/edit',
    name: 'consultation-edit',
    component: () => import('./features/consultations/views/ConsultationFormView.vue'),
    props: true,
    meta: { operation: 'updateConsultationDraft', title: 'consultation.formTitleEdit' },
  },
  {
    path: '/consultations/:id',
    name: 'consultation',
    component: () => import('./features/consultations/views/ConsultationDetailView.vue'),
    props: true,
    meta: { operation: 'getConsultation', title: 'consultation.detailTitle' },
  },
  {
    path: '/case-reports',
    name: 'case-reports',
    component: () => import('./features/case-reports/views/CaseLibraryView.vue'),
    meta: { title: 'caseReport.libraryTitle' },
  },
  {
    path: '/case-reports/new',
    name: 'case-report-new',
    component: () => import('./features/case-reports/views/CaseReportFormView.vue'),
    meta: { operation: 'createCaseReport', title: 'caseReport.newTitle' },
  },
  {
    path: '/case-reports/:id/edit',
    name: 'case-report-edit',
    component: () => import('./features/case-reports/views/CaseReportFormView.vue'),
    props: true,
    meta: { operation: 'updateCaseReport', title: 'caseReport.editTitle' },
  },
  {
    path: '/case-reports/:id',
    name: 'case-report',
    component: () => import('./features/case-reports/views/CaseReportView.vue'),
    props: true,
    meta: { title: 'caseReport.detailTitle' },
  },
  {
    path: '/messages',
    name: 'messages',
    component: () => import('./features/messaging/views/MessagesView.vue'),
    meta: { title: 'messaging.title' },
  },
  {
    path: '/messages/:id',
    name: 'conversation',
    component: () => import('./features/messaging/views/ConversationView.vue'),
    props: true,
    meta: { title: 'messaging.conversationTitle' },
  },
  {
    path: '/notifications',
    name: 'notifications',
    component: () => import('./features/notifications/views/NotificationsView.vue'),
    meta: { title: 'notification.title' },
  },
  {
    path: '/resources',
    name: 'resources',
    component: () => import('./features/resources/views/ResourceSearchView.vue'),
    meta: { title: 'resource.title' },
  },
  {
    path: '/resources/new',
    name: 'resource-new',
    component: () => import('./features/resources/views/ResourceFormView.vue'),
    meta: { operation: 'createResource', title: 'resource.newTitle' },
  },
  {
    path: '/resources/import',
    name: 'resource-import',
    component: () => import('./features/resources/views/ResourceImportView.vue'),
    meta: { operation: 'importResources', title: 'resource.importTitle' },
  },
  {
    path: '/resources/:id',
    name: 'resource',
    component: () => import('./features/resources/views/ResourceDetailView.vue'),
    props: true,
    meta: { title: 'resource.title' },
  },
  {
    path: '/resources/:id/edit',
    name: 'resource-edit',
    component: () => import('./features/resources/views/ResourceFormView.vue'),
    props: true,
    meta: { operation: 'updateResource', title: 'resource.editTitle' },
  },
  {
    path: '/referrals',
    name: 'referrals',
    component: () => import('./features/referrals/views/ReferralListView.vue'),
    meta: { operation: 'listReferrals', title: 'referral.listTitle' },
  },
  {
    path: '/referrals/new',
    name: 'referral-new',
    component: () => import('./features/referrals/views/ReferralFormView.vue'),
    meta: { operation: 'createReferral', title: 'referral.formTitle' },
  },
  {
    path: '/referrals/:id/edit',
    name: 'referral-edit',
    component: () => import('./features/referrals/views/ReferralFormView.vue'),
    props: true,
    meta: { operation: 'updateReferral', title: 'referral.editTitle' },
  },
  {
    path: '/referrals/:id',
    name: 'referral',
    component: () => import('./features/referrals/views/ReferralDetailView.vue'),
    props: true,
    meta: { operation: 'getReferral', title: 'referral.detailTitle' },
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./views/NotFoundView.vue'),
    meta: { public: true, title: 'app.notFound' },
  },
];

export const router = createRouter({
  history: createWebHistory(),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

function safeRedirect(v: unknown): string {
  return typeof v === 'string' && v.startsWith('/') && !v.startsWith('//') ? v : '/';
}

router.beforeEach(async (to) => {
  const auth = useAuthStore();
  await auth.restore();
  if (to.name === 'login' && auth.signedIn)
    return auth.needsTotpSetup ? { name: 'totp-setup' } : safeRedirect(to.query.redirect);
  if (to.meta.public) return true;
  if (!auth.user) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  if (auth.needsTotpSetup) return to.name === 'totp-setup' ? true : { name: 'totp-setup' };
  if (to.name === 'totp-setup') return { name: 'profile' };
  if (to.meta.operation && !roleMayCall(to.meta.operation, auth.user.role))
    return { name: 'not-found', params: { pathMatch: to.path.slice(1).split('/') } };
  return true;
});

router.afterEach((to) => {
  const app = i18n.global.t('app.name');
  document.title = to.meta.title ? `${i18n.global.t(to.meta.title)} | ${app}` : app;
});
