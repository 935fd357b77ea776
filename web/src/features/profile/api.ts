import type { CoordinatorDetail, ProfileUpdateBody } from '@tsunagu/shared';
import { api } from '@/api/client.ts';

export const profileApi = {
  get: () => api.get<CoordinatorDetail>('/api/me/profile'),
  update: (body: ProfileUpdateBody) => api.patch<CoordinatorDetail>('/api/me/profile', body),
};
