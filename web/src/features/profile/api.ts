import type { ProfileUpdateBody } from '@tsunagu/shared';
import { call } from '@/api/operations.ts';

export const profileApi = {
  get: () => call('getOwnProfile'),
  update: (body: ProfileUpdateBody) => call('updateOwnProfile', { body }),
};
