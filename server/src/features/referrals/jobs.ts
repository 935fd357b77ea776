import type { App } from '../../types.ts';
import { runReferralSweep } from './service.ts';

/**
 * Starts the referral job: flags referrals unanswered for 2 business days and erases families'
 * details after the retention period. Runs at start and then every REFERRAL_SWEEP_SECONDS; the
 * timer does not keep the process alive; call the function returned to stop it.
 */
export function startReferralJobs(app: App): () => void {
  let running = false;
  const run = async () => {
    if (running) return;
    running = true;
    try {
      const result = await runReferralSweep({ db: app.database.db, events: app.events });
      if (result.flagged || result.erased) app.log.info(result, 'referral sweep');
    } catch (err) {
      app.log.error({ err }, 'referral sweep failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(run, app.config.referralSweepSeconds * 1000);
  timer.unref();
  void run();
  return () => clearInterval(timer);
}
