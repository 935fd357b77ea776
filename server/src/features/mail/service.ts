import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '@tsunagu/db';
import type { JobQueue } from '../../lib/jobs.ts';
import { insertMail } from '../../lib/outbox.ts';
import type { MailContent } from './template.ts';

export const MAIL_JOB = 'mail.send';
export interface MailJobData {
  mailId: string;
}

/**
 * Queues mail: an outbox row and, with SMTP configured, a `mail.send` job in the same
 * transaction (so the job exists only if the mail's cause commits, and survives a restart).
 */
export class Mailer {
  /** True when SMTP_URL is set; otherwise mail stays in the outbox. */
  readonly delivering: boolean;

  constructor(
    private readonly jobs: JobQueue,
    private readonly options: {
      delivering: boolean;
      log: FastifyBaseLogger;
      /** Outside production the text (with its links) is logged, so a developer can follow it. */
      logLinks: boolean;
    },
  ) {
    this.delivering = options.delivering;
  }

  /** Returns the outbox row id. In a transaction, call `wake()` after it commits to start at once. */
  async queue(db: Db, to: string, content: MailContent): Promise<string> {
    const id = await insertMail(db, { to, subject: content.subject, body: content.text, html: content.html });
    if (this.delivering) await this.jobs.send<MailJobData>(MAIL_JOB, { mailId: id }, { id, db });
    if (this.options.logLinks) this.options.log.info({ mail: id, to }, `outbox: ${content.text}`);
    else this.options.log.info({ mail: id }, 'mail queued');
    return id;
  }

  /** Lets this process send a just-committed mail now rather than at the next poll. */
  wake() {
    if (this.delivering) this.jobs.wake(MAIL_JOB);
  }
}
