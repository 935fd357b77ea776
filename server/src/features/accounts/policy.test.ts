import { describe, expect, it } from 'vitest';
import type { Role } from '@tsunagu/shared';
import {
  canChangeOrganization,
  canChangeRole,
  canChangeStatus,
  canInvite,
  canReadAudit,
  canReadOutbox,
  canRevokeInvitation,
  userCan,
} from './policy.ts';

const actor = (role: Role, userId = 'me') => ({ userId, role });
const user = (role: Role, id = 'them') => ({ id, role });
const roles: Role[] = ['coordinator', 'supporter', 'center_staff', 'admin'];

describe('accounts policy', () => {
  it('roles: admins change anyone else’s; no one else, and never their own', () => {
    for (const r of roles) expect(canChangeRole(actor('admin'), user(r))).toBe(true);
    expect(canChangeRole(actor('admin'), user('admin', 'me'))).toBe(false);
    for (const a of ['coordinator', 'supporter', 'center_staff'] as const)
      for (const r of roles) expect(canChangeRole(actor(a), user(r))).toBe(false);
  });

  it('status and organisation: centre staff for coordinators and supporters only; admins for anyone else', () => {
    for (const check of [canChangeStatus, canChangeOrganization]) {
      expect(check(actor('center_staff'), user('coordinator'))).toBe(true);
      expect(check(actor('center_staff'), user('supporter'))).toBe(true);
      expect(check(actor('center_staff'), user('center_staff'))).toBe(false);
      expect(check(actor('center_staff'), user('admin'))).toBe(false);
      expect(check(actor('center_staff', 'x'), user('coordinator', 'x'))).toBe(false);
      for (const r of roles) expect(check(actor('admin'), user(r))).toBe(true);
      expect(check(actor('admin', 'x'), user('admin', 'x'))).toBe(false);
      for (const r of roles) expect(check(actor('coordinator'), user(r))).toBe(false);
      for (const r of roles) expect(check(actor('supporter'), user(r))).toBe(false);
    }
  });

  it('can: one flag per change, from the same rules', () => {
    expect(userCan(actor('center_staff'), user('coordinator'))).toEqual({
      changeRole: false,
      changeStatus: true,
      changeOrganization: true,
    });
    expect(userCan(actor('admin'), user('center_staff'))).toEqual({
      changeRole: true,
      changeStatus: true,
      changeOrganization: true,
    });
    expect(userCan(actor('admin', 'a'), user('admin', 'a'))).toEqual({
      changeRole: false,
      changeStatus: false,
      changeOrganization: false,
    });
  });

  it('invitations: centre staff invite and revoke all but admins; admins everyone; pending only', () => {
    for (const r of roles) expect(canInvite(actor('admin'), r)).toBe(true);
    expect(canInvite(actor('center_staff'), 'admin')).toBe(false);
    expect(canInvite(actor('center_staff'), 'center_staff')).toBe(true);
    expect(canInvite(actor('coordinator'), 'coordinator')).toBe(false);
    expect(canInvite(actor('supporter'), 'supporter')).toBe(false);
    const pending = (role: Role) => ({ role, acceptedAt: null, revokedAt: null });
    expect(canRevokeInvitation(actor('center_staff'), pending('coordinator'))).toBe(true);
    expect(canRevokeInvitation(actor('center_staff'), pending('admin'))).toBe(false);
    expect(canRevokeInvitation(actor('admin'), pending('admin'))).toBe(true);
    expect(canRevokeInvitation(actor('admin'), { ...pending('coordinator'), acceptedAt: new Date() })).toBe(
      false,
    );
    expect(canRevokeInvitation(actor('admin'), { ...pending('coordinator'), revokedAt: new Date() })).toBe(
      false,
    );
  });

  it('outbox and audit log: admins only', () => {
    for (const r of roles) {
      expect(canReadOutbox(actor(r))).toBe(r === 'admin');
      expect(canReadAudit(actor(r))).toBe(r === 'admin');
    }
  });
});
