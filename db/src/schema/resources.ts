import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organizations, users } from './people.ts';
import { createdAt, updatedAt, tstz } from './columns.ts';

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
    /** Closed: out of search and the referral recipients, still readable by link. */
    archivedAt: tstz('archived_at'),
    archivedBy: uuid('archived_by').references(() => users.id),
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
