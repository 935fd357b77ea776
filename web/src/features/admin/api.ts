import type { InvitationCreateBody, Role, UserPatchBody, UserStatus } from '@tsunagu/shared';
import { call, callUpload } from '@/api/operations.ts';

/** A page of any list. */
export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface UserFilter {
  q?: string;
  role?: Role[];
  status?: UserStatus[];
}

export const adminApi = {
  invitations: (page: number, pageSize: number, pending: boolean) =>
    call('listInvitations', { query: { page, pageSize, ...(pending ? { pending } : {}) } }),
  invite: (body: InvitationCreateBody) => call('createInvitation', { body }),
  revokeInvitation: (id: string) => call('revokeInvitation', { params: { id } }),
  outbox: (page: number, pageSize: number) => call('listOutbox', { query: { page, pageSize } }),
  users: (page: number, pageSize: number, f: UserFilter) =>
    call('listUsers', {
      query: {
        page,
        pageSize,
        ...(f.q?.trim() ? { q: f.q.trim() } : {}),
        ...(f.role?.length ? { role: f.role } : {}),
        ...(f.status?.length ? { status: f.status } : {}),
      },
    }),
  patchUser: (id: string, body: UserPatchBody) => call('updateUser', { params: { id }, body }),
  organizations: (q: string) => call('listOrganizations', { query: { q, pageSize: 20 } }),
  startImport: (file: Blob, dryRun: boolean, onProgress: (loaded: number, total: number) => void) =>
    callUpload('importCoordinators', file, { query: { dryRun, encoding: 'auto' }, onProgress }),
  importJob: (id: string) => call('getImportJob', { params: { id } }),
};
