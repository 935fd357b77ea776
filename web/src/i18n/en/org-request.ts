import type { MessageSchema } from '../ja.ts';

const orgRequest: MessageSchema['orgRequest'] = {
  none: 'No organisation',
  staffHint: 'An admin sets the organisation of centre staff and admins.',
  explain:
    'Your organisation decides which referrals you receive and which resources you edit, so the centre checks a change before it applies.',
  ask: 'Request an organisation change',
  to: 'New organisation',
  from: 'Current organisation',
  note: 'Note to the centre (optional)',
  send: 'Send the request',
  cancel: 'Withdraw the request',
  pending: 'You asked to belong to "{to}". The centre will check and decide.',
  rejected: 'Your request to belong to "{to}" was declined. Reason: {reason}',
  approved: 'Your request to belong to "{to}" was approved.',
  queueTitle: 'Organisation change requests',
  queueExplain:
    'Once approved, the person at once handles the new organisation’s referrals and resources. Check with the organisation before approving.',
  empty: 'No requests waiting.',
  user: 'Asked by',
  askedAt: 'Asked at',
  decision: 'Decision',
  approve: 'Approve',
  approveFor: 'Approve the request of {name}',
  reject: 'Decline',
  rejectFor: 'Decline the request of {name}',
  reason: 'Reason (shown to the person who asked)',
};

export default orgRequest;
