import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const tstz = (name: string) => timestamp(name, { withTimezone: true });

// ── Areas: prefecture → 圏域 → municipality (JIS codes), loaded from a prefecture file ──
export const prefectures = pgTable('prefectures', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
});

export const areas = pgTable('areas', {
  code: text('code').primaryKey(),
  prefectureCode: text('prefecture_code')
    .notNull()
    .references(() => prefectures.code),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  position: integer('position').notNull(),
});

export const municipalities = pgTable(
  'municipalities',
  {
    code: text('code').primaryKey(),
    areaCode: text('area_code')
      .notNull()
      .references(() => areas.code),
    name: text('name').notNull(),
    kana: text('kana').notNull(),
    position: integer('position').notNull(),
  },
  (t) => [index('municipalities_area_idx').on(t.areaCode)],
);

// ── Organisations and users ──
export const organizations = pgTable(
  'organizations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    kana: text('kana').notNull().default(''),
    type: text('type').notNull(),
    municipalityCode: text('municipality_code').references(() => municipalities.code),
    address: text('address').notNull().default(''),
    phone: text('phone').notNull().default(''),
    website: text('website').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The import matches organisations by name within a municipality (safe to run twice).
    uniqueIndex('organizations_name_municipality_uq').on(t.name, sql`coalesce(${t.municipalityCode}, '')`),
    index('organizations_name_trgm_idx').using('gin', sql`(${t.name} || ' ' || ${t.kana}) gin_trgm_ops`),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    displayKana: text('display_kana').notNull().default(''),
    role: text('role').notNull(),
    status: text('status').notNull().default('invited'),
    organizationId: uuid('organization_id').references(() => organizations.id),
    passwordHash: text('password_hash'),
    totpSecret: text('totp_secret'),
    totpEnabled: boolean('totp_enabled').notNull().default(false),
    /** The last accepted TOTP time step: a code is accepted once. */
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: tstz('locked_until'),
    /** Bumped by logout-everywhere, password change or disabling: every token dies at once. */
    tokenVersion: integer('token_version').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_email_uq').on(sql`lower(${t.email})`)],
);

/**
 * A user's request to belong to another organisation; the centre approves or rejects it.
 * One pending request per user, enforced by the partial unique index (safe under races).
 */
export const organizationRequests = pgTable(
  'organization_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fromOrganizationId: uuid('from_organization_id').references(() => organizations.id, {
      onDelete: 'set null',
    }),
    /** null asks to belong to no organisation. */
    toOrganizationId: uuid('to_organization_id').references(() => organizations.id, { onDelete: 'cascade' }),
    note: text('note').notNull().default(''),
    state: text('state').notNull().default('pending'),
    reason: text('reason').notNull().default(''),
    createdAt: createdAt(),
    decidedAt: tstz('decided_at'),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
  },
  (t) => [
    uniqueIndex('organization_requests_one_pending_uq')
      .on(t.userId)
      .where(sql`state = 'pending'`),
    index('organization_requests_state_idx').on(t.state, t.createdAt),
  ],
);

/** A coordinator's directory entry. Arrays are denormalised for indexed filtering. */
export const coordinatorProfiles = pgTable(
  'coordinator_profiles',
  {
    userId: uuid('user_id')
      .primaryKey()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Listed in the directory: a coordinator whose account is not disabled. */
    listed: boolean('listed').notNull().default(true),
    displayName: text('display_name').notNull(),
    displayKana: text('display_kana').notNull().default(''),
    organizationId: uuid('organization_id').references(() => organizations.id),
    orgType: text('org_type'),
    qualifications: jsonb('qualifications').$type<{ code: string; years: number }[]>().notNull().default([]),
    qualificationCodes: text('qualification_codes')
      .array()
      .notNull()
      .default(sql`'{}'`),
    trainingYear: integer('training_year'),
    municipalityCodes: text('municipality_codes')
      .array()
      .notNull()
      .default(sql`'{}'`),
    areaCodes: text('area_codes')
      .array()
      .notNull()
      .default(sql`'{}'`),
    domains: text('domains')
      .array()
      .notNull()
      .default(sql`'{}'`),
    careTypes: text('care_types')
      .array()
      .notNull()
      .default(sql`'{}'`),
    accepting: boolean('accepting').notNull().default(false),
    introduction: text('introduction').notNull().default(''),
    contact: text('contact').notNull().default(''),
    /** Lower-cased name, kana and organisation, for substring search (pg_trgm). */
    searchText: text('search_text').notNull().default(''),
    /** The 1- and 2-character grams of searchText: serves queries too short for trigrams. */
    searchGrams: text('search_grams')
      .array()
      .notNull()
      .default(sql`'{}'`),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('profiles_areas_idx').using('gin', t.areaCodes),
    index('profiles_municipalities_idx').using('gin', t.municipalityCodes),
    index('profiles_qualifications_idx').using('gin', t.qualificationCodes),
    index('profiles_care_types_idx').using('gin', t.careTypes),
    index('profiles_domains_idx').using('gin', t.domains),
    index('profiles_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('profiles_search_grams_idx').using('gin', t.searchGrams),
    index('profiles_kana_idx').on(t.displayKana, t.userId),
    index('profiles_org_idx').on(t.organizationId),
  ],
);

// ── Sessions: a refresh-token family per sign-in ──
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    createdAt: createdAt(),
    lastSeenAt: tstz('last_seen_at').notNull().defaultNow(),
    expiresAt: tstz('expires_at').notNull(),
    revokedAt: tstz('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

export const refreshTokens = pgTable(
  'refresh_tokens',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    /** Set when this token was exchanged; presenting it again is reuse. */
    rotatedAt: tstz('rotated_at'),
  },
  (t) => [
    uniqueIndex('refresh_tokens_hash_uq').on(t.tokenHash),
    index('refresh_tokens_session_idx').on(t.sessionId),
  ],
);

export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role').notNull(),
    organizationId: uuid('organization_id').references(() => organizations.id),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id),
    createdAt: createdAt(),
    expiresAt: tstz('expires_at').notNull(),
    acceptedAt: tstz('accepted_at'),
    revokedAt: tstz('revoked_at'),
  },
  (t) => [uniqueIndex('invitations_token_uq').on(t.tokenHash), index('invitations_user_idx').on(t.userId)],
);

export const passwordResets = pgTable(
  'password_resets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull(),
    createdAt: createdAt(),
    expiresAt: tstz('expires_at').notNull(),
    usedAt: tstz('used_at'),
  },
  (t) => [uniqueIndex('password_resets_token_uq').on(t.tokenHash)],
);

/** Mail waiting for delivery; until SMTP is configured, admins read it here. */
export const outbox = pgTable('outbox', {
  id: uuid('id').primaryKey().defaultRandom(),
  to: text('to').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull(),
  createdAt: createdAt(),
  sentAt: tstz('sent_at'),
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

// ── Case library (事例報告) ──
export const caseReports = pgTable(
  'case_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    consultationId: uuid('consultation_id').references(() => consultations.id, { onDelete: 'set null' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    status: text('status').notNull().default('draft'),
    title: text('title').notNull(),
    summary: text('summary').notNull(),
    whatWorked: text('what_worked').notNull().default(''),
    categories: text('categories')
      .array()
      .notNull()
      .default(sql`'{}'`),
    careTypes: text('care_types')
      .array()
      .notNull()
      .default(sql`'{}'`),
    ageBand: text('age_band'),
    areaCode: text('area_code').references(() => areas.code),
    reviewComment: text('review_comment'),
    reviewedBy: uuid('reviewed_by').references(() => users.id),
    publishedAt: tstz('published_at'),
    searchText: text('search_text').notNull().default(''),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('case_reports_status_idx').on(t.status, t.publishedAt),
    index('case_reports_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('case_reports_categories_idx').using('gin', t.categories),
    index('case_reports_care_types_idx').using('gin', t.careTypes),
  ],
);

// ── Local resources (地域資源): a service of an organisation, searchable by medical-care capability ──
/** A care type a resource accepts, with the ages it accepts it for when they differ from the resource's. */
export interface AcceptedCare {
  code: string;
  minAge: number | null;
  maxAge: number | null;
}

export const resources = pgTable(
  'resources',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => organizations.id),
    serviceType: text('service_type').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    municipalityCodes: text('municipality_codes')
      .array()
      .notNull()
      .default(sql`'{}'`),
    /** Derived from the municipalities served (like coordinator profiles). */
    areaCodes: text('area_codes')
      .array()
      .notNull()
      .default(sql`'{}'`),
    /** The accepted care codes (indexed), and the same with their age ranges. */
    careTypes: text('care_types')
      .array()
      .notNull()
      .default(sql`'{}'`),
    careAccepted: jsonb('care_accepted').$type<AcceptedCare[]>().notNull().default([]),
    ageMin: integer('age_min'),
    ageMax: integer('age_max'),
    /** available | waitlist | not_accepting; waitlist comes with a rough wait. */
    capacity: text('capacity').notNull().default('available'),
    waitEstimate: text('wait_estimate'),
    confirmedAt: tstz('confirmed_at').notNull().defaultNow(),
    confirmedBy: uuid('confirmed_by').references(() => users.id),
    contact: text('contact').notNull().default(''),
    notes: text('notes').notNull().default(''),
    searchText: text('search_text').notNull().default(''),
    searchGrams: text('search_grams')
      .array()
      .notNull()
      .default(sql`'{}'`),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    // The import matches a resource by organisation, service type and name (safe to run twice).
    uniqueIndex('resources_org_type_name_uq').on(t.organizationId, t.serviceType, t.name),
    index('resources_areas_idx').using('gin', t.areaCodes),
    index('resources_municipalities_idx').using('gin', t.municipalityCodes),
    index('resources_care_types_idx').using('gin', t.careTypes),
    index('resources_service_type_idx').on(t.serviceType, t.capacity),
    index('resources_search_trgm_idx').using('gin', sql`${t.searchText} gin_trgm_ops`),
    index('resources_search_grams_idx').using('gin', t.searchGrams),
    index('resources_confirmed_idx').on(t.confirmedAt),
  ],
);

/** Every change of a resource: who, when, what it was before and what it became. */
export const resourceRevisions = pgTable(
  'resource_revisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    resourceId: uuid('resource_id')
      .notNull()
      .references(() => resources.id, { onDelete: 'cascade' }),
    actorId: uuid('actor_id').references(() => users.id),
    action: text('action').notNull(),
    previous: jsonb('previous').$type<Record<string, unknown>>().notNull().default({}),
    changes: jsonb('changes').$type<Record<string, unknown>>().notNull().default({}),
    at: tstz('at').notNull().defaultNow(),
  },
  (t) => [index('resource_revisions_resource_idx').on(t.resourceId, t.at)],
);

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
