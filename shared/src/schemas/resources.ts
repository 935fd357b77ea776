import Type, { type Static } from 'typebox';
import { codesOf } from '../vocabularies.ts';
import { AreaCode, CareTypeCode, MunicipalityCode, OrganizationSummary } from './directory.ts';
import { CodeOf, Line, Nullable, Obj, Page, PageSize, Paged, Timestamp, Uuid } from './common.ts';

/** Whether a resource takes new users now; a waitlist comes with a rough wait. */
export const capacityStates = ['available', 'waitlist', 'not_accepting'] as const;
export type CapacityState = (typeof capacityStates)[number];
export const waitEstimates = ['under_1m', '1_3m', 'over_3m'] as const;
export type WaitEstimate = (typeof waitEstimates)[number];
/** Entries not confirmed for this many days are marked stale. */
export const RESOURCE_STALE_DAYS = 90;

export const ServiceTypeCode = CodeOf(codesOf('serviceTypes'));
export const CapacityCode = Type.Enum([...capacityStates]);
export const WaitEstimateCode = Type.Enum([...waitEstimates]);
export const AgeYears = Type.Integer({ minimum: 0, maximum: 99, description: 'age in years' });

/** A care type accepted, with the ages it is accepted for when they differ from the resource's. */
export const AcceptedCareBody = Obj({
  code: CareTypeCode,
  minAge: Type.Optional(Nullable(AgeYears)),
  maxAge: Type.Optional(Nullable(AgeYears)),
});
export type AcceptedCareBody = Static<typeof AcceptedCareBody>;
export const AcceptedCare = Type.Object({
  code: Type.String(),
  minAge: Nullable(Type.Integer()),
  maxAge: Nullable(Type.Integer()),
});
export type AcceptedCare = Static<typeof AcceptedCare>;

const resourceFields = {
  organizationId: Uuid,
  serviceType: ServiceTypeCode,
  name: Line(200, 1),
  description: Type.Optional(Line(4000)),
  municipalities: Type.Optional(Type.Array(MunicipalityCode, { maxItems: 100 })),
  careAccepted: Type.Optional(Type.Array(AcceptedCareBody, { maxItems: 14 })),
  ageMin: Type.Optional(Nullable(AgeYears)),
  ageMax: Type.Optional(Nullable(AgeYears)),
  capacity: Type.Optional(CapacityCode),
  waitEstimate: Type.Optional(Nullable(WaitEstimateCode)),
  contact: Type.Optional(Line(500)),
  notes: Type.Optional(Line(2000)),
};
/** `organizationId` may be left out by a supporter or coordinator: their own organisation. */
export const ResourceCreateBody = Obj({ ...resourceFields, organizationId: Type.Optional(Uuid) });
export type ResourceCreateBody = Static<typeof ResourceCreateBody>;
export const ResourcePatchBody = Obj({
  serviceType: Type.Optional(resourceFields.serviceType),
  name: Type.Optional(resourceFields.name),
  description: resourceFields.description,
  municipalities: resourceFields.municipalities,
  careAccepted: resourceFields.careAccepted,
  ageMin: resourceFields.ageMin,
  ageMax: resourceFields.ageMax,
  capacity: resourceFields.capacity,
  waitEstimate: resourceFields.waitEstimate,
  contact: resourceFields.contact,
  notes: resourceFields.notes,
  /** Also mark the entry as confirmed now (an edit is usually a confirmation). */
  confirm: Type.Optional(Type.Boolean()),
});
export type ResourcePatchBody = Static<typeof ResourcePatchBody>;

export const resourceSorts = ['name', '-confirmed', 'confirmed'] as const;
export const ResourceSearchQuery = Obj({
  area: Type.Optional(Type.Array(AreaCode, { maxItems: 30 })),
  municipality: Type.Optional(Type.Array(MunicipalityCode, { maxItems: 30 })),
  serviceType: Type.Optional(Type.Array(ServiceTypeCode, { maxItems: 30 })),
  careType: Type.Optional(Type.Array(CareTypeCode, { maxItems: 14 })),
  age: Type.Optional(AgeYears),
  capacity: Type.Optional(Type.Array(CapacityCode, { maxItems: 3 })),
  organizationId: Type.Optional(Uuid),
  stale: Type.Optional(Type.Boolean()),
  q: Type.Optional(Line(100)),
  sort: Type.Optional(Type.Enum([...resourceSorts])),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});
export type ResourceSearchQuery = Static<typeof ResourceSearchQuery>;

export const ResourceCan = Type.Object({
  /** Edit its facts (its organisation's supporters and coordinators, the centre; not once closed). */
  edit: Type.Boolean(),
  /** Confirm it is still true. */
  confirm: Type.Boolean(),
  /** Close it, or reopen it once closed. */
  archive: Type.Boolean(),
  unarchive: Type.Boolean(),
  /** Send a referral to it (coordinators; not once closed). */
  refer: Type.Boolean(),
  /** Read its change history. */
  history: Type.Boolean(),
});
export type ResourceCan = Static<typeof ResourceCan>;

export const Resource = Type.Object({
  id: Uuid,
  organization: OrganizationSummary,
  serviceType: Type.String(),
  name: Type.String(),
  description: Type.String(),
  areas: Type.Array(Type.String()),
  municipalities: Type.Array(Type.String()),
  careTypes: Type.Array(Type.String()),
  careAccepted: Type.Array(AcceptedCare),
  ageMin: Nullable(Type.Integer()),
  ageMax: Nullable(Type.Integer()),
  capacity: CapacityCode,
  waitEstimate: Nullable(WaitEstimateCode),
  confirmedAt: Timestamp,
  /** Not confirmed for 90 days. */
  stale: Type.Boolean(),
  contact: Type.String(),
  notes: Type.String(),
  updatedAt: Timestamp,
  /** When it closed (archived): out of search and the referral recipients, still readable by link. */
  archivedAt: Nullable(Timestamp),
  /** What the caller may do with it (decided by the server's resource policy). */
  can: ResourceCan,
});
export type Resource = Static<typeof Resource>;
export const ResourceSearchResponse = Paged(Resource);
export type ResourceSearchResponse = Static<typeof ResourceSearchResponse>;

export const ResourceRevision = Type.Object({
  id: Type.Integer(),
  action: Type.String(),
  actor: Nullable(Type.Object({ id: Uuid, displayName: Type.String() })),
  at: Timestamp,
  /** The values of the changed fields before the change (empty for a creation). */
  previous: Type.Record(Type.String(), Type.Unknown()),
  changes: Type.Record(Type.String(), Type.Unknown()),
});
export type ResourceRevision = Static<typeof ResourceRevision>;
export const ResourceHistoryResponse = Type.Object({ items: Type.Array(ResourceRevision) });
export type ResourceHistoryResponse = Static<typeof ResourceHistoryResponse>;

/** Resource-list import (CSV in UTF-8 or Shift_JIS): dry run by default. */
export const ResourceImportQuery = Obj({
  dryRun: Type.Optional(Type.Boolean({ default: true })),
  encoding: Type.Optional(Type.Enum(['auto', 'utf-8', 'shift_jis'])),
});
export type ResourceImportQuery = Static<typeof ResourceImportQuery>;
export const ResourceImportReport = Type.Object({
  dryRun: Type.Boolean(),
  encoding: Type.String(),
  totalRows: Type.Integer(),
  validRows: Type.Integer(),
  errors: Type.Array(
    Type.Object({
      line: Type.Integer(),
      column: Type.Optional(Type.String()),
      reason: Type.String(),
      reasonEn: Type.String(),
    }),
  ),
  organizationsCreated: Type.Integer(),
  created: Type.Integer(),
  updated: Type.Integer(),
  unchanged: Type.Integer(),
});
export type ResourceImportReport = Static<typeof ResourceImportReport>;

// ── Open Referral HSDS 3.0 export (public, read-only) ──
export const HsdsListQuery = Obj({
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  search: Type.Optional(Line(100)),
  taxonomy_term_id: Type.Optional(Uuid),
  taxonomy_id: Type.Optional(Uuid),
  organization_id: Type.Optional(Uuid),
  modified_after: Type.Optional(Type.String({ format: 'date-time' })),
  /** Services: the fully nested objects instead of one-to-one fields. */
  full: Type.Optional(Type.Boolean()),
});
export type HsdsListQuery = Static<typeof HsdsListQuery>;
/** An HSDS object: its documented fields, and the others HSDS defines (validated by the HSDS schemas). */
export const HsdsObject = Type.Object({ id: Uuid }, { additionalProperties: true });
export const HsdsPage = Type.Object({
  total_items: Type.Integer(),
  total_pages: Type.Integer(),
  page_number: Type.Integer(),
  size: Type.Integer(),
  first_page: Type.Boolean(),
  last_page: Type.Boolean(),
  empty: Type.Boolean(),
  contents: Type.Array(HsdsObject),
});
export type HsdsPage = Static<typeof HsdsPage>;
export const HsdsExport = Type.Object({
  organizations: Type.Array(HsdsObject),
  services: Type.Array(HsdsObject),
  locations: Type.Array(HsdsObject),
  service_at_locations: Type.Array(HsdsObject),
  taxonomies: Type.Array(HsdsObject),
  taxonomy_terms: Type.Array(HsdsObject),
});
