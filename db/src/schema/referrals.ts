import { sql } from 'drizzle-orm';
import { bigserial, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { areas } from './areas.ts';
import { organizations, users } from './people.ts';
import { resources } from './resources.ts';
import { createdAt, updatedAt, tstz } from './columns.ts';

// ── Referrals (紹介): a family's need sent to a resource or a peer, with consent ──
/**
 * The family's details (name, contact, address, notes) are the only identifying data of the
 * platform: they live encrypted (AES-256-GCM) in `family_ciphertext` and are erased after the
 * retention period, leaving the state history and counts.
 */
export const referrals = pgTable(
  'referrals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    senderId: uuid('sender_id')
      .notNull()
      .references(() => users.id),
    /** The sender's organisation when the referral was created (the APPI record is per organisation). */
    senderOrganizationId: uuid('sender_organization_id').references(() => organizations.id),
    recipientType: text('recipient_type').notNull(),
    resourceId: uuid('resource_id').references(() => resources.id),
    /** The receiving organisation (a resource's) or coordinator, fixed when the recipient is chosen. */
    recipientOrganizationId: uuid('recipient_organization_id').references(() => organizations.id),
    recipientUserId: uuid('recipient_user_id').references(() => users.id),
    state: text('state').notNull().default('draft'),
    need: text('need').notNull().default(''),
    careTypes: text('care_types')
      .array()
      .notNull()
      .default(sql`'{}'`),
    ageBand: text('age_band'),
    areaCode: text('area_code').references(() => areas.code),
    urgency: text('urgency').notNull().default('normal'),
    familyCiphertext: text('family_ciphertext'),
    /** The sender's own label to tell their families apart (encrypted; never shown to the other side). */
    privateLabelCiphertext: text('private_label_ciphertext'),
    familyErasedAt: tstz('family_erased_at'),
    consentDate: text('consent_date'),
    consentMethod: text('consent_method'),
    consentNote: text('consent_note'),
    consentRecipientType: text('consent_recipient_type'),
    consentRecipientId: uuid('consent_recipient_id'),
    consentRecordedAt: tstz('consent_recorded_at'),
    consentRecordedBy: uuid('consent_recorded_by').references(() => users.id),
    sentAt: tstz('sent_at'),
    /** The categories of personal data provided when it was sent (the APPI record outlives the data). */
    providedCategories: text('provided_categories')
      .array()
      .notNull()
      .default(sql`'{}'`),
    /** Two business days after sending: unanswered by then, it is flagged. */
    responseDueAt: tstz('response_due_at'),
    overdueFlaggedAt: tstz('overdue_flagged_at'),
    acceptedAt: tstz('accepted_at'),
    declinedAt: tstz('declined_at'),
    declineReason: text('decline_reason'),
    declineText: text('decline_text'),
    completedAt: tstz('completed_at'),
    outcome: text('outcome'),
    outcomeText: text('outcome_text'),
    cancelledAt: tstz('cancelled_at'),
    cancelText: text('cancel_text'),
    /** When it reached completed, declined or cancelled: the retention period counts from here. */
    endedAt: tstz('ended_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('referrals_sender_idx').on(t.senderId, t.updatedAt),
    index('referrals_sender_org_idx').on(t.senderOrganizationId, t.sentAt),
    index('referrals_recipient_org_idx').on(t.recipientOrganizationId, t.updatedAt),
    index('referrals_recipient_user_idx').on(t.recipientUserId, t.updatedAt),
    index('referrals_due_idx')
      .on(t.state, t.responseDueAt)
      .where(sql`overdue_flagged_at IS NULL`),
    index('referrals_retention_idx')
      .on(t.endedAt)
      .where(sql`family_erased_at IS NULL`),
  ],
);

/** Every change of a referral, timestamped with who made it. */
export const referralEvents = pgTable(
  'referral_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id),
    kind: text('kind').notNull(),
    fromValue: text('from_value'),
    toValue: text('to_value'),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('referral_events_referral_idx').on(t.referralId, t.at)],
);

/** The referral's own thread between the two sides; bodies are encrypted like the family's details. */
export const referralMessages = pgTable(
  'referral_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    referralId: uuid('referral_id')
      .notNull()
      .references(() => referrals.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    bodyCiphertext: text('body_ciphertext'),
    erasedAt: tstz('erased_at'),
    createdAt: createdAt(),
  },
  (t) => [index('referral_messages_referral_idx').on(t.referralId, t.createdAt)],
);

/** Declines for lack of capacity or care not manageable: the centre's resource-gap view reads these. */
export const referralDeclines = pgTable(
  'referral_declines',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    referralId: uuid('referral_id').references(() => referrals.id, { onDelete: 'set null' }),
    resourceId: uuid('resource_id').references(() => resources.id, { onDelete: 'set null' }),
    areaCode: text('area_code'),
    careTypes: text('care_types')
      .array()
      .notNull()
      .default(sql`'{}'`),
    serviceType: text('service_type'),
    reason: text('reason').notNull(),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('referral_declines_area_idx').on(t.areaCode, t.at)],
);
