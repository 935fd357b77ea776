import { describe, expect, it } from 'vitest';
import {
  canCreateChannel,
  canJoin,
  canManageMembers,
  canPreview,
  canRemove,
  channelCan,
  conversationCan,
  type ConversationFacts,
} from './policy.ts';

const creator = 'u-creator';
const other = 'u-other';
const group: ConversationFacts = { kind: 'group', createdBy: creator, inviteOnly: false };
const direct: ConversationFacts = { kind: 'direct', createdBy: creator, inviteOnly: false };
const open: ConversationFacts = { kind: 'channel', createdBy: null, inviteOnly: false };
const invite: ConversationFacts = { kind: 'channel', createdBy: creator, inviteOnly: true };

describe('messaging policy', () => {
  it('lets only centre staff and admins create channels', () => {
    expect(canCreateChannel({ role: 'center_staff' })).toBe(true);
    expect(canCreateChannel({ role: 'admin' })).toBe(true);
    expect(canCreateChannel({ role: 'coordinator' })).toBe(false);
    expect(canCreateChannel({ role: 'supporter' })).toBe(false);
  });

  it('lets anyone join an open channel, nobody join an invite-only one, a group or a direct conversation', () => {
    expect(canJoin(open)).toBe(true);
    expect(canJoin(invite)).toBe(false);
    expect(canJoin(group)).toBe(false);
    expect(canJoin(direct)).toBe(false);
  });

  it('shows an open channel to outsiders; hides invite-only channels, groups and direct conversations', () => {
    expect(canPreview(open, undefined)).toBe(true);
    expect(canPreview(invite, undefined)).toBe(false);
    expect(canPreview(invite, 'member')).toBe(true);
    expect(canPreview(group, undefined)).toBe(false);
    expect(canPreview(direct, 'member')).toBe(false);
  });

  it('has members managed in groups and invite-only channels by their creator or admins only', () => {
    expect(canManageMembers(group, creator, 'admin')).toBe(true);
    expect(canManageMembers(group, other, 'admin')).toBe(true);
    expect(canManageMembers(group, other, 'member')).toBe(false);
    expect(canManageMembers(group, other, undefined)).toBe(false);
    expect(canManageMembers(invite, creator, 'admin')).toBe(true);
    expect(canManageMembers(open, other, 'admin')).toBe(false);
    expect(canManageMembers(direct, creator, 'admin')).toBe(false);
  });

  it('lets members leave (not a direct conversation) and never lets anyone remove the creator', () => {
    expect(canRemove(group, other, 'member', other)).toBe(true);
    expect(canRemove(direct, creator, 'member', creator)).toBe(false);
    expect(canRemove(group, other, 'admin', creator)).toBe(false);
    expect(canRemove(group, creator, 'admin', other)).toBe(true);
    expect(canRemove(open, other, undefined, other)).toBe(false);
  });

  it('answers can from the same rules', () => {
    expect(conversationCan(group, creator, 'admin')).toEqual({
      post: true,
      leave: true,
      addMembers: true,
      removeMembers: true,
    });
    expect(conversationCan(group, other, 'member')).toEqual({
      post: true,
      leave: true,
      addMembers: false,
      removeMembers: false,
    });
    expect(conversationCan(direct, creator, 'member')).toMatchObject({ leave: false, addMembers: false });
    expect(channelCan(open, false)).toEqual({ join: true, leave: false });
    expect(channelCan(open, true)).toEqual({ join: false, leave: true });
    expect(channelCan(invite, false)).toEqual({ join: false, leave: false });
  });
});
