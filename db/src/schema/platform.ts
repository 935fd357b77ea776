import { bigserial, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './people.ts';
import { createdAt, updatedAt, tstz } from './columns.ts';

/** Mail waiting for delivery; until SMTP is configured, admins read it here. */
export const outbox = pgTable('outbox', {
  id: uuid('id').primaryKey().defaultRandom(),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  /** The same mail as HTML (from the one template); null for mails queued before templates. */
  html: text('html'),
  createdAt: createdAt(),
  /** Delivery: queued → sending → sent | failed; without SMTP a mail stays queued (the outbox only). */
  state: text('state', { enum: ['queued', 'sending', 'sent', 'failed'] })
    .notNull()
    .default('queued'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  sentAt: tstz('sent_at'),
  messageId: text('message_id'),
});

/** Append-only: a trigger (migration 0001) refuses UPDATE and DELETE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: tstz('at').notNull().defaultNow(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    ip: text('ip'),
  },
  (t) => [index('audit_log_action_idx').on(t.action, t.at)],
);

export const importJobs = pgTable('import_jobs', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').notNull(),
  createdBy: uuid('created_by').references(() => users.id),
  state: text('state').notNull().default('running'),
  processed: integer('processed').notNull().default(0),
  total: integer('total').notNull().default(0),
  report: jsonb('report'),
  error: text('error'),
  /** The server process running the job: one found `running` whose process is gone was cut off. */
  owner: text('owner'),
  /** The decoded file, kept until the job ends so that a run cut off by a restart can resume. */
  source: text('source'),
  /** Where a run got to (row, partial report): a resumed run goes on from here. */
  checkpoint: jsonb('checkpoint'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/**
 * Which server process is running each background job (see lib/jobs.ts): a job whose process is
 * gone (kill -9, crash) is handed back to the queue at once instead of waiting for its expiry.
 */
export const jobRuns = pgTable('job_runs', {
  jobId: uuid('job_id').primaryKey(),
  queue: text('queue').notNull(),
  owner: text('owner').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
});

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});

/**
 * Days the support centre is closed besides weekends, national holidays and the year-end
 * closure (12/29–1/3, built into the business clock): the business clock skips them.
 */
export const closureDays = pgTable('closure_days', {
  /** A day in Asia/Tokyo; one row per day, so adding the same day twice is a conflict. */
  date: date('date', { mode: 'string' }).primaryKey(),
  note: text('note').notNull().default(''),
  createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
  createdAt: tstz('created_at').notNull().defaultNow(),
});
