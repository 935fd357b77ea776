import { and, eq, or, sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { schema, type Db } from '@tsunagu/db';
import type { JobQueue } from '../../lib/jobs.ts';
import { MAIL_JOB, type MailJobData } from './service.ts';

const { outbox } = schema;

/** What the job needs of an SMTP transport (nodemailer's). */
export interface Transport {
  sendMail(message: SendMailOptions): Promise<{ messageId: string }>;
}

export function smtpTransport(url: string): Transport {
  return nodemailer.createTransport(url);
}

/**
 * Takes the row for this run in one statement: a queued row, or — on a retry whose earlier run
 * died while sending — a row still `sending` with no more attempts than tries so far. Two runs
 * of the same try never both win, so a mail is not sent twice.
 */
export async function claimMail(db: Db, mailId: string, retryCount: number) {
  const [row] = await db
    .update(outbox)
    .set({ state: 'sending', attempts: sql`${outbox.attempts} + 1` })
    .where(
      and(
        eq(outbox.id, mailId),
        or(
          eq(outbox.state, 'queued'),
          and(eq(outbox.state, 'sending'), sql`${outbox.attempts} <= ${retryCount}`),
        ),
      ),
    )
    .returning();
  return row;
}

/** A 5xx answer, or an address the server cannot take: trying again will not help. */
export function isPermanent(err: unknown): boolean {
  const e = err as { responseCode?: number; code?: string };
  if (typeof e.responseCode === 'number') return e.responseCode >= 500 && e.responseCode < 600;
  return e.code === 'EENVELOPE';
}

const reasonOf = (err: unknown) =>
  (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ').slice(0, 500);

/** The same Message-ID on every try of one row, so a receiver can tell a repeat. */
export const messageIdOf = (mailId: string, from: string) =>
  `<${mailId}@${/@([^\s>]+)/.exec(from)?.[1] ?? 'tsunagu.invalid'}>`;

export function defineMailJob(
  jobs: JobQueue,
  ctx: { db: Db; transport: Transport; from: string; retrySeconds: number; log: FastifyBaseLogger },
) {
  const { db, log } = ctx;
  const markFailed = (mailId: string, reason: string) =>
    db
      .update(outbox)
      .set({ state: 'failed', lastError: reason })
      .where(and(eq(outbox.id, mailId), or(eq(outbox.state, 'queued'), eq(outbox.state, 'sending'))));

  jobs.define<MailJobData>(MAIL_JOB, {
    retryLimit: 8,
    retryDelay: ctx.retrySeconds,
    retryBackoff: true,
    expireInSeconds: 5 * 60,
    handler: async (job) => {
      const { mailId } = job.data;
      const row = await claimMail(db, mailId, job.retryCount);
      // Sent, failed, or being sent by another run: nothing to do.
      if (!row) return;
      const messageId = messageIdOf(row.id, ctx.from);
      try {
        await ctx.transport.sendMail({
          from: ctx.from,
          to: row.to,
          subject: row.subject,
          text: row.body,
          ...(row.html ? { html: row.html } : {}),
          messageId,
          textEncoding: 'base64',
        });
      } catch (err) {
        const reason = reasonOf(err);
        if (isPermanent(err)) {
          await markFailed(row.id, reason);
          log.warn({ mail: row.id }, 'mail refused permanently');
          return;
        }
        // Back to the queue for pg-boss to retry with backoff.
        await db
          .update(outbox)
          .set({ state: 'queued', lastError: reason })
          .where(and(eq(outbox.id, row.id), eq(outbox.state, 'sending')));
        throw new Error(`mail ${row.id}: temporary failure: ${reason}`);
      }
      await db
        .update(outbox)
        .set({ state: 'sent', sentAt: new Date(), messageId, lastError: null })
        .where(eq(outbox.id, row.id));
      log.info({ mail: row.id }, 'mail sent');
    },
    onGiveUp: async (job, reason) => {
      await markFailed(job.data.mailId, reason.slice(0, 500));
    },
  });
}
