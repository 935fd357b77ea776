import type { ClosureDayBody, ResponseTargets } from '@tsunagu/shared';
import { call } from '@/api/operations.ts';

export const settingsApi = {
  overview: () => call('getSettings'),
  setResponseTargets: (body: ResponseTargets) => call('setResponseTargets', { body }),
  addClosureDay: (body: ClosureDayBody) => call('addClosureDay', { body }),
  removeClosureDay: (date: string) => call('removeClosureDay', { params: { date } }),
};
