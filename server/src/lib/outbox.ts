import type { FastifyBaseLogger } from 'fastify';
import { schema, type Db } from '@tsunagu/db';

export interface Mail {
  to: string;
  subject: string;
  body: string;
}

/**
 * Queues a mail. Until SMTP delivery exists, admins read the outbox in the app, and outside
 * production the server also logs it so a developer can follow invitation and reset links.
 */
export async function queueMail(
  db: Pick<Db, 'insert'>,
  mail: Mail,
  log?: FastifyBaseLogger,
  logLinks = false,
): Promise<void> {
  await db.insert(schema.outbox).values(mail);
  if (logLinks && log) log.info({ to: mail.to, subject: mail.subject }, `outbox: ${mail.body}`);
}
