import type { App } from '../../types.ts';
import { runReferralSweep } from './service.ts';

/**
 * The referral job: flags referrals unanswered for 2 business days and erases families' details
 * after the retention period, every REFERRAL_SWEEP_SECONDS, in one server process at a time
 * (a job of the queue: it survives restarts and is retried after a failure).
 */
export function defineReferralJobs(app: App) {
  app.jobs.every('referrals.sweep', app.config.referralSweepSeconds, async () => {
    const result = await runReferralSweep({ db: app.database.db, events: app.events });
    if (result.flagged || result.erased) app.log.info(result, 'referral sweep');
  });
}
