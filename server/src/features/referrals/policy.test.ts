import { describe, expect, it } from 'vitest';
import { referralStates, type ReferralState } from '@tsunagu/shared';
import type { Actor } from '../../types.ts';
import { canOf, may, relationOf, transitions } from './policy.ts';

const actor = (over: Partial<Actor>): Actor =>
  ({ userId: 'u-other', role: 'coordinator', organizationId: 'org-other', ...over }) as Actor;
const toResource = (state: ReferralState) => ({
  senderId: 'u-sender',
  state,
  recipientType: 'resource',
  recipientOrganizationId: 'org-recv',
  recipientUserId: null,
});

describe('who relates to a referral', () => {
  it('knows the sender, the receiving organisation, the centre; nobody else', () => {
    const sent = toResource('sent');
    expect(relationOf(actor({ userId: 'u-sender' }), sent)).toBe('sender');
    expect(relationOf(actor({ role: 'supporter', organizationId: 'org-recv' }), sent)).toBe('recipient');
    expect(relationOf(actor({ role: 'center_staff' }), sent)).toBe('centre');
    expect(relationOf(actor({}), sent)).toBeNull();
    expect(relationOf(actor({ role: 'admin', organizationId: 'org-recv' }), sent)).toBeNull();
  });
  it('keeps a draft to its sender', () => {
    const draft = toResource('draft');
    expect(relationOf(actor({ organizationId: 'org-recv' }), draft)).toBeNull();
    expect(relationOf(actor({ role: 'center_staff' }), draft)).toBeNull();
  });
  it('makes a coordinator recipient the only receiver, not their organisation', () => {
    const toPeer = { ...toResource('sent'), recipientType: 'coordinator', recipientUserId: 'u-peer' };
    expect(relationOf(actor({ userId: 'u-peer' }), toPeer)).toBe('recipient');
    expect(relationOf(actor({ organizationId: 'org-recv' }), toPeer)).toBeNull();
  });
});

describe('can', () => {
  it('lets the sender edit, consent, send and cancel a draft, not answer it', () => {
    expect(canOf('sender', 'draft', false)).toEqual({
      edit: true,
      consent: true,
      send: true,
      accept: false,
      decline: false,
      complete: false,
      cancel: true,
      message: false,
      readFamily: true,
      label: true,
    });
  });
  it('lets the receiving side accept or decline a sent referral, never edit or label it', () => {
    expect(canOf('recipient', 'sent', false)).toMatchObject({
      accept: true,
      decline: true,
      message: true,
      readFamily: true,
      edit: false,
      send: false,
      cancel: false,
      label: false,
    });
  });
  it('lets either side complete an accepted referral; only the sender cancels it', () => {
    expect(canOf('sender', 'accepted', false)).toMatchObject({ complete: true, cancel: true });
    expect(canOf('recipient', 'accepted', false)).toMatchObject({ complete: true, cancel: false });
  });
  it('gives the centre nothing to do, in any state', () => {
    for (const state of referralStates)
      expect(Object.values(canOf('centre', state, false)).some(Boolean)).toBe(false);
  });
  it('stops reading the family once it is erased', () => {
    expect(canOf('sender', 'completed', true).readFamily).toBe(false);
    expect(canOf('recipient', 'declined', true).readFamily).toBe(false);
    expect(canOf('sender', 'completed', true).message).toBe(true);
  });
  it('agrees with the transitions the service enforces', () => {
    for (const [kind, rule] of Object.entries(transitions))
      for (const relation of ['sender', 'recipient'] as const)
        for (const state of referralStates)
          expect(may(relation, state, kind as keyof typeof transitions), `${relation} ${kind} ${state}`).toBe(
            (rule.by as readonly string[]).includes(relation) &&
              (rule.from as readonly string[]).includes(state),
          );
  });
});
