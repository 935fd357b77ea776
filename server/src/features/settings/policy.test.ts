import { describe, expect, it } from 'vitest';
import { canEditSettings, closureDayCan, settingsCan } from './policy.ts';

describe('settings policy', () => {
  it('admins change the settings; centre staff and everyone else do not', () => {
    expect(canEditSettings({ role: 'admin' })).toBe(true);
    for (const role of ['center_staff', 'coordinator', 'supporter'] as const) {
      expect(canEditSettings({ role })).toBe(false);
      expect(settingsCan({ role })).toEqual({ editResponseTargets: false, editClosureDays: false });
      expect(closureDayCan({ role })).toEqual({ remove: false });
    }
    expect(settingsCan({ role: 'admin' })).toEqual({ editResponseTargets: true, editClosureDays: true });
  });
});
