import type { App } from '../../types.ts';

/** Open referral pages of both sides refresh when either acts (a send, an accept, a message …), after the commit. */
export function deliverReferralChanges(app: App): void {
  const off = app.events.subscribe('referral.changed', ({ referralId, viewers }) => {
    if (viewers.length)
      app.realtime.io.to(viewers.map((u) => `user:${u}`)).emit('referral:changed', { referralId });
  });
  app.addHook('preClose', async () => off());
}
