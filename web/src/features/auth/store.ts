import { computed, ref, shallowRef } from 'vue';
import { defineStore } from 'pinia';
import type { Me, SessionResponse } from '@tsunagu/shared';
// A plain module of the roles (no schemas): the one list the server's contracts use too.
import { managerRoles } from '@tsunagu/shared/roles';
import { api, isApiError } from '@/api/client.ts';
import { authApi } from './api.ts';

/** The session: access token in memory only; the refresh token is an httpOnly cookie. */
export const useAuthStore = defineStore('auth', () => {
  const accessToken = ref<string | null>(null);
  const user = shallowRef<Me | null>(null);
  /** True once the start-up refresh has answered (signed in or not). */
  const restored = ref(false);
  let restoring: Promise<void> | null = null;
  /** Why the user was signed out, shown once on the sign-in page. */
  const notice = ref<'passwordChanged' | null>(null);

  const signedIn = computed(() => user.value !== null);
  const isManager = computed(() => !!user.value && managerRoles.includes(user.value.role));
  const isAdmin = computed(() => user.value?.role === 'admin');
  const needsTotpSetup = computed(() => !!user.value?.totpSetupRequired);

  function applySession(s: SessionResponse) {
    notice.value = null;
    accessToken.value = s.accessToken;
    user.value = s.user;
  }

  function clear() {
    accessToken.value = null;
    user.value = null;
  }

  api.configure({
    getAccessToken: () => accessToken.value,
    onSession: applySession,
    onSessionLost: clear,
  });

  /** Restores the session from the refresh cookie, once, at start-up. */
  function restore(): Promise<void> {
    restoring ??= authApi
      .refresh()
      .then(() => undefined)
      .finally(() => {
        restored.value = true;
      });
    return restoring;
  }

  /** Returns 'totp' when the account needs the 6-digit code: send again with it. */
  async function login(email: string, password: string, totp?: string): Promise<'ok' | 'totp'> {
    try {
      applySession(await authApi.login({ email, password, ...(totp ? { totp } : {}) }));
      return 'ok';
    } catch (e) {
      if (isApiError(e, 'totp_required')) return 'totp';
      throw e;
    }
  }

  async function logout() {
    try {
      await authApi.logout();
    } catch {
      /* signed out locally whatever the server says */
    }
    clear();
  }

  async function enableTotp(code: string) {
    user.value = await authApi.totpEnable(code);
  }

  async function changePassword(current: string, next: string) {
    await authApi.changePassword(current, next);
    notice.value = 'passwordChanged';
    clear();
  }

  // Signed-out account flows (invitation, password reset) and the second-factor setup: the calls live
  // here so that views hold none.
  const startTotpSetup = () => authApi.totpSetup();
  const requestReset = (email: string) => authApi.requestReset(email);
  const confirmReset = (token: string, password: string) => authApi.confirmReset(token, password);
  const invitation = (token: string) => authApi.invitation(token);
  const acceptInvitation = (token: string, password: string) => authApi.acceptInvitation(token, password);

  return {
    accessToken,
    user,
    restored,
    notice,
    signedIn,
    isManager,
    isAdmin,
    needsTotpSetup,
    applySession,
    clear,
    restore,
    login,
    logout,
    enableTotp,
    changePassword,
    startTotpSetup,
    requestReset,
    confirmReset,
    invitation,
    acceptInvitation,
  };
});
