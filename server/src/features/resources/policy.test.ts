import { describe, expect, it } from 'vitest';
import type { Role } from '@tsunagu/shared';
import { canImportResources, resourceCan } from './policy.ts';

const own = 'org-own';
const actor = (role: Role, organizationId: string | null = own) => ({ role, organizationId });
const open = { organizationId: own, archivedAt: null };
const closed = { organizationId: own, archivedAt: new Date('2026-01-01') };
const others = { organizationId: 'org-other', archivedAt: null };

describe('resource policy', () => {
  it("lets supporters and coordinators curate their own organisation's open resource", () => {
    for (const role of ['supporter', 'coordinator'] as const)
      expect(resourceCan(actor(role), open)).toMatchObject({
        edit: true,
        confirm: true,
        archive: true,
        unarchive: false,
        history: true,
      });
  });

  it("refuses them on another organisation's resource, and without an organisation", () => {
    for (const role of ['supporter', 'coordinator'] as const) {
      expect(resourceCan(actor(role), others)).toMatchObject({
        edit: false,
        confirm: false,
        archive: false,
        unarchive: false,
        history: false,
      });
      expect(resourceCan(actor(role, null), open).edit).toBe(false);
    }
  });

  it('lets the centre and the operator curate every resource', () => {
    for (const role of ['center_staff', 'admin'] as const)
      expect(resourceCan(actor(role, null), others)).toMatchObject({
        edit: true,
        archive: true,
        history: true,
      });
  });

  it('a closed resource can only be reopened (and its history read), not edited, confirmed or referred to', () => {
    expect(resourceCan(actor('coordinator'), closed)).toEqual({
      edit: false,
      confirm: false,
      archive: false,
      unarchive: true,
      refer: false,
      history: true,
    });
    expect(resourceCan(actor('center_staff', null), closed).unarchive).toBe(true);
    expect(resourceCan(actor('supporter', 'org-other'), closed).unarchive).toBe(false);
  });

  it('only coordinators refer, to any open resource', () => {
    expect(resourceCan(actor('coordinator', 'org-x'), others).refer).toBe(true);
    for (const role of ['supporter', 'center_staff', 'admin'] as const)
      expect(resourceCan(actor(role), open).refer).toBe(false);
    expect(resourceCan(null, open)).toMatchObject({ edit: false, refer: false, history: false });
  });

  it('only the centre imports', () => {
    expect(canImportResources({ role: 'center_staff' })).toBe(true);
    expect(canImportResources({ role: 'admin' })).toBe(true);
    expect(canImportResources({ role: 'supporter' })).toBe(false);
    expect(canImportResources({ role: 'coordinator' })).toBe(false);
  });
});
