import type { LoginBody } from '@tsunagu/shared';
import { api } from '@/api/client.ts';
import { call } from '@/api/operations.ts';

export const authApi = {
  login: (body: LoginBody) => call('login', { body }),
  // The refresh is the client's own (one at a time across tabs, on a 401): not a plain call.
  refresh: () => api.refresh(),
  logout: () => call('logout'),
  me: () => call('getMe'),
  totpSetup: () => call('startTotpSetup', { body: {} }),
  totpEnable: (code: string) => call('enableTotp', { body: { code } }),
  changePassword: (currentPassword: string, newPassword: string) =>
    call('changePassword', { body: { currentPassword, newPassword } }),
  requestReset: (email: string) => call('requestPasswordReset', { body: { email } }),
  confirmReset: (token: string, password: string) =>
    call('confirmPasswordReset', { body: { token, password } }),
  invitation: (token: string) => call('getInvitation', { params: { token } }),
  acceptInvitation: (token: string, password: string) =>
    call('acceptInvitation', { body: { token, password } }),
};
