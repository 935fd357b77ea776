import { describe, expect, it } from 'vitest';
import type { Role } from '@tsunagu/shared';
import { canEdit, canMessage, canOf, canRefer, canSeeContact, missingParts } from './policy.ts';

const me = (role: Role) => ({ userId: 'me', role });
const entry = { userId: 'them', role: 'coordinator' as Role, status: 'active' };
const own = { ...entry, userId: 'me' };

describe('directory policy', () => {
  it('shows the contact line to those who work with families and to its owner, not to admins', () => {
    for (const role of ['coordinator', 'supporter', 'center_staff'] as const)
      expect(canSeeContact(me(role), entry), role).toBe(true);
    expect(canSeeContact(me('admin'), entry)).toBe(false);
    expect(canSeeContact(me('admin'), own)).toBe(true);
  });

  it('lets anyone message anyone but themselves', () => {
    for (const role of ['coordinator', 'supporter', 'center_staff', 'admin'] as const) {
      expect(canMessage(me(role), entry), role).toBe(true);
      expect(canMessage(me(role), own), role).toBe(false);
    }
  });

  it('lets only a coordinator refer, and only to another active coordinator', () => {
    expect(canRefer(me('coordinator'), entry)).toBe(true);
    for (const role of ['supporter', 'center_staff', 'admin'] as const)
      expect(canRefer(me(role), entry), role).toBe(false);
    expect(canRefer(me('coordinator'), own)).toBe(false);
    expect(canRefer(me('coordinator'), { ...entry, status: 'invited' })).toBe(false);
    expect(canRefer(me('coordinator'), { ...entry, status: 'disabled' })).toBe(false);
    expect(canRefer(me('coordinator'), { ...entry, role: 'supporter' })).toBe(false);
  });

  it('lets only the owner edit a profile, whatever their role', () => {
    expect(canEdit(me('coordinator'), own)).toBe(true);
    for (const role of ['coordinator', 'center_staff', 'admin'] as const)
      expect(canEdit(me(role), entry), role).toBe(false);
    expect(canOf(me('coordinator'), entry)).toEqual({ message: true, refer: true, edit: false });
    expect(canOf(me('coordinator'), own)).toEqual({ message: false, refer: false, edit: true });
  });

  it("names what a coordinator's profile lacks, and asks nothing of other roles", () => {
    const empty = {
      qualifications: [],
      municipalityCodes: [],
      careTypes: [],
      introduction: ' ',
      contact: '',
    };
    expect(missingParts('coordinator', empty)).toEqual([
      'qualifications',
      'municipalities',
      'careTypes',
      'introduction',
      'contact',
    ]);
    expect(missingParts('supporter', empty)).toEqual([]);
    const full = {
      qualifications: [{ code: 'nurse', years: 3 }],
      municipalityCodes: ['31201'],
      careTypes: ['ventilator'],
      introduction: '在宅支援の経験があります。',
      contact: '平日9時〜17時',
    };
    expect(missingParts('coordinator', full)).toEqual([]);
    expect(missingParts('coordinator', { ...full, careTypes: [] })).toEqual(['careTypes']);
  });
});
