import { describe, expect, it } from 'vitest';
import { canReadAuditLog } from './policy.ts';

describe('audit log policy', () => {
  it('admins only', () => {
    expect(canReadAuditLog({ role: 'admin' })).toBe(true);
    for (const role of ['center_staff', 'coordinator', 'supporter'] as const)
      expect(canReadAuditLog({ role })).toBe(false);
  });
});
