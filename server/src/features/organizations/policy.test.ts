import { describe, expect, it } from 'vitest';
import { canCreateOrganization, canEditOrganization, organizationCan } from './policy.ts';

describe('organisations policy', () => {
  it('the centre keeps organisations; members read them', () => {
    for (const role of ['center_staff', 'admin'] as const) {
      expect(canCreateOrganization({ role })).toBe(true);
      expect(canEditOrganization({ role })).toBe(true);
      expect(organizationCan({ role })).toEqual({ edit: true });
    }
    for (const role of ['coordinator', 'supporter'] as const) {
      expect(canCreateOrganization({ role })).toBe(false);
      expect(canEditOrganization({ role })).toBe(false);
      expect(organizationCan({ role })).toEqual({ edit: false });
    }
  });
});
