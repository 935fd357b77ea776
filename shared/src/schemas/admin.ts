import Type, { type Static } from 'typebox';
import { roles, userStatuses } from '../roles.ts';
import { Email, Line, Nullable, Obj, Page, PageSize, Paged, Timestamp, Uuid } from './common.ts';

export const RoleCode = Type.Enum([...roles]);
export const UserStatusCode = Type.Enum([...userStatuses]);

export const InvitationCreateBody = Obj({
  email: Email,
  displayName: Line(100, 1),
  displayKana: Type.Optional(Line(100)),
  role: RoleCode,
  organizationId: Type.Optional(Nullable(Uuid)),
});
export type InvitationCreateBody = Static<typeof InvitationCreateBody>;

export const Invitation = Type.Object({
  id: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  role: RoleCode,
  organizationId: Nullable(Uuid),
  createdAt: Timestamp,
  expiresAt: Timestamp,
  acceptedAt: Nullable(Timestamp),
  invitedBy: Nullable(Uuid),
  /** The invitation mail: 'outbox' when no SMTP delivers it (admins read it in the outbox). */
  delivery: Type.Enum(['queued', 'sent', 'failed', 'outbox']),
  /** What the caller may do with this invitation (server/src/features/accounts/policy.ts). */
  can: Type.Object({ revoke: Type.Boolean() }),
});
export type Invitation = Static<typeof Invitation>;
export const InvitationListQuery = Obj({
  pending: Type.Optional(Type.Boolean()),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});
export const InvitationListResponse = Paged(Invitation);
export type InvitationListResponse = Static<typeof InvitationListResponse>;

export const OutboxMessage = Type.Object({
  id: Uuid,
  to: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  createdAt: Timestamp,
  state: Type.Enum(['queued', 'sending', 'sent', 'failed']),
  attempts: Type.Integer(),
  /** Why the last try failed (the SMTP server's answer). */
  lastError: Nullable(Type.String()),
  sentAt: Nullable(Timestamp),
});
export type OutboxMessage = Static<typeof OutboxMessage>;
export const OutboxListQuery = Obj({ page: Type.Optional(Page), pageSize: Type.Optional(PageSize) });
export const OutboxListResponse = Paged(OutboxMessage);

export const UserAdminView = Type.Object({
  id: Uuid,
  email: Type.String(),
  displayName: Type.String(),
  role: RoleCode,
  status: UserStatusCode,
  organizationId: Nullable(Uuid),
  totpEnabled: Type.Boolean(),
  lockedUntil: Nullable(Timestamp),
  createdAt: Timestamp,
  /** What the caller may change about this user (server/src/features/accounts/policy.ts). */
  can: Type.Object({
    changeRole: Type.Boolean(),
    changeStatus: Type.Boolean(),
    changeOrganization: Type.Boolean(),
  }),
});
export type UserAdminView = Static<typeof UserAdminView>;
export const UserListQuery = Obj({
  q: Type.Optional(Line(100)),
  role: Type.Optional(Type.Array(RoleCode, { maxItems: 4 })),
  status: Type.Optional(Type.Array(UserStatusCode, { maxItems: 3 })),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});
export const UserListResponse = Paged(UserAdminView);
/** Role and status (admins; centre staff: status of non-staff) and the organisation the user belongs to (centre staff, admins). */
export const UserPatchBody = Obj({
  role: Type.Optional(RoleCode),
  status: Type.Optional(UserStatusCode),
  organizationId: Type.Optional(Nullable(Uuid)),
});
export type UserPatchBody = Static<typeof UserPatchBody>;

export const AuditEntry = Type.Object({
  id: Type.Integer(),
  at: Timestamp,
  actorId: Nullable(Uuid),
  action: Type.String(),
  targetType: Nullable(Type.String()),
  targetId: Nullable(Type.String()),
  detail: Type.Record(Type.String(), Type.Unknown()),
  ip: Nullable(Type.String()),
});
export type AuditEntry = Static<typeof AuditEntry>;
export const AuditListQuery = Obj({
  action: Type.Optional(Line(60)),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});
export const AuditListResponse = Paged(AuditEntry);

/** Coordinator-list import (CSV in UTF-8 or Shift_JIS). */
export const ImportQuery = Obj({
  dryRun: Type.Optional(Type.Boolean({ default: true })),
  encoding: Type.Optional(Type.Enum(['auto', 'utf-8', 'shift_jis'])),
});
export type ImportQuery = Static<typeof ImportQuery>;
export const ImportRowError = Type.Object({
  line: Type.Integer(),
  column: Type.Optional(Type.String()),
  reason: Type.String(),
  reasonEn: Type.String(),
});
export type ImportRowError = Static<typeof ImportRowError>;
export const ImportReport = Type.Object({
  dryRun: Type.Boolean(),
  encoding: Type.String(),
  totalRows: Type.Integer(),
  validRows: Type.Integer(),
  errors: Type.Array(ImportRowError),
  organizationsCreated: Type.Integer(),
  invitationsCreated: Type.Integer(),
  profilesUpdated: Type.Integer(),
  unchanged: Type.Integer(),
});
export type ImportReport = Static<typeof ImportReport>;
export const ImportJob = Type.Object({
  id: Uuid,
  state: Type.Enum(['running', 'done', 'failed']),
  processed: Type.Integer(),
  total: Type.Integer(),
  report: Nullable(ImportReport),
  error: Nullable(Type.String()),
});
export type ImportJob = Static<typeof ImportJob>;

export const HealthResponse = Type.Object({
  status: Type.Enum(['ok', 'degraded']),
  database: Type.Object({ state: Type.Enum(['up', 'down']), driver: Type.Enum(['pglite', 'postgres']) }),
});
export type HealthResponse = Static<typeof HealthResponse>;
