import { describe, expect, it } from 'vitest';
import { isRecipient, notificationCan } from './policy.ts';

describe('notifications policy', () => {
  const mine = { userId: 'u1', readAt: null };
  it('only the recipient may mark a notification, and only while unread', () => {
    expect(isRecipient({ userId: 'u1' }, mine)).toBe(true);
    expect(isRecipient({ userId: 'u2' }, mine)).toBe(false);
    expect(notificationCan({ userId: 'u1' }, mine)).toEqual({ markRead: true });
    expect(notificationCan({ userId: 'u2' }, mine)).toEqual({ markRead: false });
    expect(notificationCan({ userId: 'u1' }, { ...mine, readAt: new Date() })).toEqual({ markRead: false });
  });
});
