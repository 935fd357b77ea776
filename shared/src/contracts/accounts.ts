import {
  AuditListQuery,
  AuditListResponse,
  Invitation,
  InvitationCreateBody,
  InvitationListQuery,
  InvitationListResponse,
  OutboxListQuery,
  OutboxListResponse,
  UserAdminView,
  UserListQuery,
  UserListResponse,
  UserPatchBody,
} from '../schemas/admin.ts';
import { IdParams, OkResponse } from '../schemas/common.ts';
import { managerRoles } from '../roles.ts';
import { defineOperations } from './operation.ts';

const tags = ['accounts'];

/** Accounts as the centre manages them: invitations, users, and the admins' outbox and audit log. */
export const accountOperations = defineOperations({
  listInvitations: {
    method: 'GET',
    path: '/api/admin/invitations',
    access: managerRoles,
    tags,
    summary: 'Invitations (pending only when asked)',
    query: InvitationListQuery,
    responses: { 200: InvitationListResponse },
  },
  createInvitation: {
    method: 'POST',
    path: '/api/admin/invitations',
    access: managerRoles,
    tags,
    summary: 'Invite a person by e-mail (the link goes to the outbox)',
    body: InvitationCreateBody,
    responses: { 201: Invitation },
    errors: ['conflict'],
  },
  revokeInvitation: {
    method: 'DELETE',
    path: '/api/admin/invitations/:id',
    access: managerRoles,
    tags,
    summary: 'Revoke a pending invitation (its link stops working)',
    params: IdParams,
    responses: { 200: OkResponse },
  },
  listUsers: {
    method: 'GET',
    path: '/api/admin/users',
    access: managerRoles,
    tags,
    summary: 'Users, with what the caller may change about each',
    query: UserListQuery,
    responses: { 200: UserListResponse },
  },
  updateUser: {
    method: 'PATCH',
    path: '/api/admin/users/:id',
    access: managerRoles,
    tags,
    summary: 'Change a role (admins), a status or the organisation the user belongs to',
    params: IdParams,
    body: UserPatchBody,
    responses: { 200: UserAdminView },
  },
  listOutbox: {
    method: 'GET',
    path: '/api/admin/outbox',
    access: ['admin'],
    tags,
    summary: 'Mail waiting for delivery (invitation and reset links)',
    query: OutboxListQuery,
    responses: { 200: OutboxListResponse },
  },
  listAudit: {
    method: 'GET',
    path: '/api/admin/audit',
    access: ['admin'],
    tags,
    summary: 'The audit log (append-only)',
    query: AuditListQuery,
    responses: { 200: AuditListResponse },
  },
});
