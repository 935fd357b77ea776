import { ref } from 'vue';
import { defineStore } from 'pinia';
import type { InvitationCreateBody, Role, UserPatchBody, UserStatus } from '@tsunagu/shared';
import { adminApi, type UserFilter } from './api.ts';
import { usePagedList } from './paged.ts';

export const roleCodes: readonly Role[] = ['coordinator', 'supporter', 'center_staff', 'admin'];
export const statusCodes: readonly UserStatus[] = ['invited', 'active', 'disabled'];

export const useInvitationsStore = defineStore('admin-invitations', () => {
  const pendingOnly = ref(true);
  const list = usePagedList((page, size) => adminApi.invitations(page, size, pendingOnly.value));

  async function invite(body: InvitationCreateBody) {
    const created = await adminApi.invite(body);
    await list.load(1);
    return created;
  }

  async function revoke(id: string) {
    await adminApi.revokeInvitation(id);
    await list.load();
  }

  /** Organisations matching what is typed, for the invitation's organisation field. */
  const organizations = (q: string) => adminApi.organizations(q);

  return { pendingOnly, ...list, invite, revoke, organizations };
});

export const useUsersStore = defineStore('admin-users', () => {
  const filter = ref<Required<UserFilter>>({ q: '', role: [], status: [] });
  const list = usePagedList((page, size) => adminApi.users(page, size, filter.value));

  async function update(id: string, body: UserPatchBody) {
    const updated = await adminApi.patchUser(id, body);
    list.items.value = list.items.value.map((u) => (u.id === id ? updated : u));
  }

  return { filter, ...list, update };
});

export const useOutboxStore = defineStore('admin-outbox', () => usePagedList(adminApi.outbox));
