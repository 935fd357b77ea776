import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { municipalities } from './areas.ts';
import { createdAt, updatedAt, tstz } from './columns.ts';

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
    /** The introduction, normalised like searchText, for keyword search (pg_trgm, 3+ characters). */
    introductionSearch: text('introduction_search').notNull().default(''),
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
    index('profiles_introduction_trgm_idx').using('gin', sql`${t.introductionSearch} gin_trgm_ops`),
    index('profiles_kana_idx').on(t.displayKana, t.userId),
    index('profiles_org_idx').on(t.organizationId),
  ],
);
