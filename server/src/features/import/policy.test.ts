import { describe, expect, it } from 'vitest';
import type { Role } from '@tsunagu/shared';
import { canImport, canReadImportJob } from './policy.ts';

const actor = (role: Role, userId = 'me') => ({ userId, role });

describe('import policy', () => {
  it('imports: centre staff and admins only (an import invites)', () => {
    expect(canImport(actor('center_staff'))).toBe(true);
    expect(canImport(actor('admin'))).toBe(true);
    expect(canImport(actor('coordinator'))).toBe(false);
    expect(canImport(actor('supporter'))).toBe(false);
  });

  it('a job: its creator and admins; not another member of staff, not a former manager', () => {
    expect(canReadImportJob(actor('center_staff'), { createdBy: 'me' })).toBe(true);
    expect(canReadImportJob(actor('center_staff'), { createdBy: 'other' })).toBe(false);
    expect(canReadImportJob(actor('admin'), { createdBy: 'other' })).toBe(true);
    expect(canReadImportJob(actor('coordinator'), { createdBy: 'me' })).toBe(false);
  });
});
