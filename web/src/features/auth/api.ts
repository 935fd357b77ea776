import type { InvitationPreview, LoginBody, Me, SessionResponse, TotpSetupResponse } from '@tsunagu/shared';
import { api } from '@/api/client.ts';

type Ok = { ok: boolean };

export const authApi = {
  login: (body: LoginBody) => api.post<SessionResponse>('/api/auth/login', body),
  refresh: () => api.refresh(),
  logout: () => api.post<Ok>('/api/auth/logout'),
  me: () => api.get<Me>('/api/auth/me'),
  totpSetup: () => api.post<TotpSetupResponse>('/api/auth/totp/setup'),
  totpEnable: (code: string) => api.post<Me>('/api/auth/totp/enable', { code }),
  changePassword: (currentPassword: string, newPassword: string) =>
    api.post<Ok>('/api/auth/password', { currentPassword, newPassword }),
  requestReset: (email: string) => api.post<Ok>('/api/auth/password-reset/request', { email }),
  confirmReset: (token: string, password: string) =>
    api.post<Ok>('/api/auth/password-reset/confirm', { token, password }),
  invitation: (token: string) => api.get<InvitationPreview>(`/api/invitations/${encodeURIComponent(token)}`),
  acceptInvitation: (token: string, password: string) =>
    api.post<Ok>('/api/invitations/accept', { token, password }),
};
