/** The referral feature's operations, one file per job; this module gathers them for the routes, the demo and the tests. */
export { RESPONSE_TARGET, type ReferralContext } from './context.ts';
export { createReferral, patchDraft, recordConsent, setPrivateLabel } from './drafts.ts';
export { dataCategories, readFamily } from './family.ts';
export { addMessage, listMessages } from './messages.ts';
export { getReferral, listReferrals } from './reading.ts';
export { runReferralSweep } from './sweep.ts';
export { transition } from './transitions.ts';
