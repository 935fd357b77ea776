import type { ReferralCan, ReferralState } from '@tsunagu/shared';
import type { Actor } from '../../types.ts';

/** How a user relates to a referral; null means they may not know it exists (404). */
export type Relation = 'sender' | 'recipient' | 'centre';

export interface ReferralParties {
  senderId: string;
  state: string;
  recipientType: string;
  recipientOrganizationId: string | null;
  recipientUserId: string | null;
}

/** The receiving side: the users of the resource's organisation, or the coordinator referred to. */
export function isRecipient(actor: Pick<Actor, 'userId' | 'organizationId'>, r: ReferralParties): boolean {
  if (r.recipientType === 'resource')
    return !!actor.organizationId && actor.organizationId === r.recipientOrganizationId;
  return !!r.recipientUserId && r.recipientUserId === actor.userId;
}

export function relationOf(actor: Actor, r: ReferralParties): Relation | null {
  if (r.senderId === actor.userId) return 'sender';
  // A draft is the sender's alone.
  if (r.state === 'draft') return null;
  if ((actor.role === 'coordinator' || actor.role === 'supporter') && isRecipient(actor, r))
    return 'recipient';
  if (actor.role === 'center_staff') return 'centre';
  return null;
}

export type ReferralAction = Exclude<keyof ReferralCan, 'label'>;

/** What each side may do in each state. The centre sees states and counts only. */
const moves: Record<'sender' | 'recipient', Record<ReferralState, ReferralAction[]>> = {
  sender: {
    draft: ['edit', 'consent', 'send', 'cancel', 'readFamily'],
    sent: ['cancel', 'message', 'readFamily'],
    accepted: ['complete', 'cancel', 'message', 'readFamily'],
    declined: ['message', 'readFamily'],
    completed: ['message', 'readFamily'],
    cancelled: ['message', 'readFamily'],
  },
  recipient: {
    draft: [],
    sent: ['accept', 'decline', 'message', 'readFamily'],
    accepted: ['complete', 'message', 'readFamily'],
    declined: ['message', 'readFamily'],
    completed: ['message', 'readFamily'],
    cancelled: ['message', 'readFamily'],
  },
};

/** Whether the caller may do `action` now (the service enforces with the same answer). */
export function may(
  relation: Relation,
  state: ReferralState,
  action: ReferralAction,
  familyErased = false,
): boolean {
  if (relation === 'centre') return false;
  if (action === 'readFamily' && familyErased) return false;
  return moves[relation][state].includes(action);
}

/** The private label is the sender's own note: theirs to set whatever the state, and nobody else's. */
export const mayLabel = (relation: Relation) => relation === 'sender';

/** The `can` of a referral for the caller: computed here only, shown by the web as is. */
export function canOf(relation: Relation, state: ReferralState, familyErased: boolean): ReferralCan {
  const can = (action: ReferralAction) => may(relation, state, action, familyErased);
  return {
    edit: can('edit'),
    consent: can('consent'),
    send: can('send'),
    accept: can('accept'),
    decline: can('decline'),
    complete: can('complete'),
    cancel: can('cancel'),
    message: can('message'),
    readFamily: can('readFamily'),
    label: mayLabel(relation),
  };
}

/** The state each transition leads to, and the states it may start from. */
export const transitions = {
  send: { from: ['draft'], to: 'sent', by: ['sender'] },
  accept: { from: ['sent'], to: 'accepted', by: ['recipient'] },
  decline: { from: ['sent'], to: 'declined', by: ['recipient'] },
  complete: { from: ['accepted'], to: 'completed', by: ['sender', 'recipient'] },
  cancel: { from: ['draft', 'sent', 'accepted'], to: 'cancelled', by: ['sender'] },
} as const satisfies Record<
  string,
  { from: readonly ReferralState[]; to: ReferralState; by: readonly Relation[] }
>;
export type Transition = keyof typeof transitions;
