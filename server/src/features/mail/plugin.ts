import fp from 'fastify-plugin';
import { defineMailJob, smtpTransport } from './delivery.ts';
import { Mailer } from './service.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Queues mail (the outbox, and SMTP delivery when SMTP_URL is set). */
    mail: Mailer;
  }
}

/** Mail delivery: without SMTP_URL mail stays in the outbox that admins read. */
export default fp(
  async (app) => {
    const delivering = !!app.config.smtpUrl;
    app.decorate(
      'mail',
      new Mailer(app.jobs, { delivering, log: app.log, logLinks: app.config.env !== 'production' }),
    );
    if (app.config.smtpUrl)
      defineMailJob(app.jobs, {
        db: app.database.db,
        transport: smtpTransport(app.config.smtpUrl),
        from: app.config.mailFrom,
        retrySeconds: app.config.mailRetrySeconds,
        log: app.log,
      });
  },
  { name: 'mail', dependencies: ['jobs'] },
);
