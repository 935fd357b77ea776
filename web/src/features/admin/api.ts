import type {
  ImportJob,
  Invitation,
  InvitationCreateBody,
  InvitationListResponse,
  OrganizationListResponse,
  OutboxMessage,
  Role,
  UserAdminView,
  UserPatchBody,
  UserStatus,
} from '@tsunagu/shared';
import { api } from '@/api/client.ts';

/** A page of any list: the shared `Paged` shape with another item type. */
export type Paged<T> = Omit<InvitationListResponse, 'items'> & { items: T[] };
type Ok = { ok: boolean };

export interface UserFilter {
  q?: string;
  role?: Role[];
  status?: UserStatus[];
}

export const adminApi = {
  invitations: (page: number, pageSize: number, pending: boolean) =>
    api.get<InvitationListResponse>('/api/admin/invitations', {
      page,
      pageSize,
      pending: pending || undefined,
    }),
  invite: (body: InvitationCreateBody) => api.post<Invitation>('/api/admin/invitations', body),
  revokeInvitation: (id: string) => api.del<Ok>(`/api/admin/invitations/${encodeURIComponent(id)}`),
  outbox: (page: number, pageSize: number) =>
    api.get<Paged<OutboxMessage>>('/api/admin/outbox', { page, pageSize }),
  users: (page: number, pageSize: number, f: UserFilter) =>
    api.get<Paged<UserAdminView>>('/api/admin/users', {
      page,
      pageSize,
      q: f.q?.trim(),
      role: f.role,
      status: f.status,
    }),
  patchUser: (id: string, body: UserPatchBody) =>
    api.patch<UserAdminView>(`/api/admin/users/${encodeURIComponent(id)}`, body),
  organizations: (q: string) => api.get<OrganizationListResponse>('/api/organizations', { q, pageSize: 20 }),
  startImport: (file: Blob, dryRun: boolean, onProgress: (loaded: number, total: number) => void) =>
    api.upload<ImportJob>('/api/admin/imports/coordinators', file, {
      query: { dryRun, encoding: 'auto' },
      contentType: 'text/csv',
      onProgress,
    }),
  importJob: (id: string) => api.get<ImportJob>(`/api/admin/imports/${encodeURIComponent(id)}`),
};
