import fp from 'fastify-plugin';
import { JobQueue } from '../lib/jobs.ts';
import { ProcessLease } from '../lib/process-lease.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** The background-job queue: features define their jobs while registering; it starts once the app is ready. */
    jobs: JobQueue;
  }
}

/**
 * The one job queue (pg-boss on the app's database). It starts when the app is ready — after
 * every feature has defined its jobs — and stops before the database closes, letting running
 * jobs finish or stop between steps.
 */
export default fp(
  async (app) => {
    const lease = await ProcessLease.acquire(app.database);
    const jobs = new JobQueue(app.database, lease, { pollSeconds: app.config.jobPollSeconds, log: app.log });
    app.decorate('jobs', jobs);
    app.addHook('onReady', () => jobs.start());
    app.addHook('preClose', () => jobs.stop());
    app.addHook('onClose', () => lease.close());
  },
  { name: 'jobs' },
);
