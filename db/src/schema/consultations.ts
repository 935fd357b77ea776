import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { areas } from './areas.ts';
import { users } from './people.ts';
import { createdAt, updatedAt, tstz } from './columns.ts';

// ── Consultations about difficult cases (困難事例相談) ──
/** The child is described only coarsely: age band, care types, 圏域 — never a name or a municipality. */
export const consultations = pgTable(
  'consultations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    status: text('status').notNull().default('draft'),
    title: text('title').notNull().default(''),
    categories: text('categories')
      .array()
      .notNull()
      .default(sql`'{}'`),
    ageBand: text('age_band'),
    careTypes: text('care_types')
      .array()
      .notNull()
      .default(sql`'{}'`),
    areaCode: text('area_code').references(() => areas.code),
    livingSituation: text('living_situation').notNull().default(''),
    tried: text('tried').notNull().default(''),
    asked: text('asked').notNull().default(''),
    body: text('body').notNull().default(''),
    urgency: text('urgency').notNull().default('normal'),
    priority: text('priority').notNull().default('normal'),
    assigneeId: uuid('assignee_id').references(() => users.id),
    /** The author's reason for posting despite personal-data warnings, with what was found. */
    piiOverride: jsonb('pii_override').$type<{
      reason: string;
      findings: { field: string; kind: string; start: number; end: number }[];
    } | null>(),
    postedAt: tstz('posted_at'),
    firstResponseDueAt: tstz('first_response_due_at'),
    firstRespondedAt: tstz('first_responded_at'),
    answerReplyId: uuid('answer_reply_id'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('consultations_author_idx').on(t.authorId),
    index('consultations_status_idx').on(t.status, t.firstResponseDueAt),
  ],
);

export const consultationParticipants = pgTable(
  'consultation_participants',
  {
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    invitedBy: uuid('invited_by').references(() => users.id),
    invitedAt: tstz('invited_at').notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('consultation_participants_uq').on(t.consultationId, t.userId),
    index('consultation_participants_user_idx').on(t.userId),
  ],
);

export const consultationReplies = pgTable(
  'consultation_replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    /** Internal notes are for centre staff only; the author never sees them. */
    internal: boolean('internal').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('consultation_replies_consultation_idx').on(t.consultationId, t.createdAt)],
);

/** Who changed what and when: states, priority, assignee, invitations, redactions. */
export const consultationEvents = pgTable(
  'consultation_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    consultationId: uuid('consultation_id')
      .notNull()
      .references(() => consultations.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id),
    kind: text('kind').notNull(),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('consultation_events_consultation_idx').on(t.consultationId, t.at)],
);

export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** Short, generic text: notifications never copy consultation text (it may be redacted later). */
    title: text('title').notNull(),
    titleEn: text('title_en').notNull().default(''),
    link: text('link').notNull(),
    subjectType: text('subject_type'),
    subjectId: uuid('subject_id'),
    /** Who acted, so two notifications with the same title can be told apart. */
    actorId: uuid('actor_id').references(() => users.id, { onDelete: 'set null' }),
    readAt: tstz('read_at'),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_user_idx').on(t.userId, t.createdAt),
    index('notifications_unread_idx')
      .on(t.userId)
      .where(sql`read_at IS NULL`),
  ],
);
