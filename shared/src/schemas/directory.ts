import Type, { type Static } from 'typebox';
import { codesOf } from '../vocabularies.ts';
import { CodeOf, Line, Nullable, Obj, Page, PageSize, Paged, Timestamp, Uuid } from './common.ts';

/** Area and municipality codes depend on the loaded prefecture file, so the service checks them. */
export const AreaCode = Type.String({
  pattern: '^[0-9]{2}-[a-z0-9-]{1,40}$',
  description: '圏域 code, e.g. 31-west',
});
export const MunicipalityCode = Type.String({ pattern: '^[0-9]{5}$', description: 'JIS code, e.g. 31202' });

export const QualificationCode = CodeOf(codesOf('qualifications'));
export const OrganizationTypeCode = CodeOf(codesOf('organizationTypes'));
export const CareTypeCode = CodeOf(codesOf('medicalCareTypes'));
export const DomainCode = CodeOf(codesOf('supportDomains'));

const many = <T extends ReturnType<typeof Type.String>>(t: T) =>
  Type.Optional(Type.Array(t, { maxItems: 30 }));

export const coordinatorSorts = [
  'kana',
  '-kana',
  'trainingYear',
  '-trainingYear',
  '-updated',
  'relevance',
] as const;

export const CoordinatorSearchQuery = Obj({
  area: many(AreaCode),
  municipality: many(MunicipalityCode),
  qualification: many(QualificationCode),
  orgType: many(OrganizationTypeCode),
  careType: many(CareTypeCode),
  domain: many(DomainCode),
  accepting: Type.Optional(Type.Boolean()),
  q: Type.Optional(Line(100)),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
  sort: Type.Optional(Type.Enum([...coordinatorSorts])),
});
export type CoordinatorSearchQuery = Static<typeof CoordinatorSearchQuery>;

export const QualificationWithYears = Obj({
  code: QualificationCode,
  years: Type.Integer({ minimum: 0, maximum: 70, description: 'years of experience' }),
});
export type QualificationWithYears = Static<typeof QualificationWithYears>;

export const OrganizationSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  kana: Type.String(),
  type: Type.String(),
  municipalityCode: Nullable(Type.String()),
});
export type OrganizationSummary = Static<typeof OrganizationSummary>;

export const Organization = Type.Object({
  id: Uuid,
  name: Type.String(),
  kana: Type.String(),
  type: Type.String(),
  municipalityCode: Nullable(Type.String()),
  address: Type.String(),
  phone: Type.String(),
  website: Type.String(),
  updatedAt: Timestamp,
});
export type Organization = Static<typeof Organization>;

export const CoordinatorSummary = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  displayKana: Type.String(),
  organization: Nullable(OrganizationSummary),
  qualifications: Type.Array(Type.Object({ code: Type.String(), years: Type.Integer() })),
  areas: Type.Array(Type.String()),
  municipalities: Type.Array(Type.String()),
  careTypes: Type.Array(Type.String()),
  domains: Type.Array(Type.String()),
  accepting: Type.Boolean(),
  trainingYear: Nullable(Type.Integer()),
});
export type CoordinatorSummary = Static<typeof CoordinatorSummary>;

/** What the caller may do with a coordinator's entry (server/src/features/directory/policy.ts). */
export const CoordinatorCan = Type.Object({
  /** Start (or reopen) a direct conversation. */
  message: Type.Boolean(),
  /** Refer a family to this coordinator (`/referrals/new?toUser=<id>`). */
  refer: Type.Boolean(),
  /** Edit this profile (only its owner, on the profile page). */
  edit: Type.Boolean(),
});
export type CoordinatorCan = Static<typeof CoordinatorCan>;

export const CoordinatorDetail = Type.Object({
  ...CoordinatorSummary.properties,
  organization: Nullable(Organization),
  introduction: Type.String(),
  contact: Type.String({ description: 'Empty when the caller may not see contact details' }),
  updatedAt: Timestamp,
  can: CoordinatorCan,
});
export type CoordinatorDetail = Static<typeof CoordinatorDetail>;

/** The parts of a profile a coordinator is asked to fill in before peers can find them well. */
export const profileParts = [
  'qualifications',
  'municipalities',
  'careTypes',
  'introduction',
  'contact',
] as const;
export type ProfilePart = (typeof profileParts)[number];

/** My own profile: the entry, and what is still missing from it (empty once complete). */
export const OwnProfile = Type.Object({
  ...CoordinatorDetail.properties,
  missing: Type.Array(Type.Enum([...profileParts])),
});
export type OwnProfile = Static<typeof OwnProfile>;

export const CoordinatorSearchResponse = Type.Object({
  ...Paged(CoordinatorSummary).properties,
  total: Type.Integer({
    description: 'Matches, counted up to 1,000: when there are more, 1,000 and totalCapped',
  }),
  totalCapped: Type.Boolean({
    description: 'true when there are more than `total` matches (the count stops at 1,000)',
  }),
});
export type CoordinatorSearchResponse = Static<typeof CoordinatorSearchResponse>;

const currentYear = new Date().getFullYear();
/**
 * What a user may change about themselves. No field here grants access: the organisation is
 * set by the centre (admin user PATCH, invitation, import) or asked for through an
 * organisation request.
 */
export const ProfileUpdateBody = Obj({
  displayName: Type.Optional(Line(100, 1)),
  displayKana: Type.Optional(
    Type.String({ maxLength: 100, pattern: '^[\\p{Script=Hiragana}\\p{Script=Katakana}ー・\\s　]*$' }),
  ),
  qualifications: Type.Optional(Type.Array(QualificationWithYears, { maxItems: 20 })),
  trainingYear: Type.Optional(Nullable(Type.Integer({ minimum: 2010, maximum: currentYear + 1 }))),
  municipalities: Type.Optional(Type.Array(MunicipalityCode, { maxItems: 100 })),
  domains: Type.Optional(Type.Array(DomainCode, { maxItems: 10 })),
  careTypes: Type.Optional(Type.Array(CareTypeCode, { maxItems: 30 })),
  accepting: Type.Optional(Type.Boolean()),
  introduction: Type.Optional(Line(1000)),
  contact: Type.Optional(Line(500)),
});
export type ProfileUpdateBody = Static<typeof ProfileUpdateBody>;

const organizationFields = {
  name: Line(200, 1),
  kana: Type.Optional(Line(200)),
  type: OrganizationTypeCode,
  municipalityCode: Type.Optional(Nullable(MunicipalityCode)),
  address: Type.Optional(Line(300)),
  phone: Type.Optional(Type.String({ maxLength: 30, pattern: '^[0-9０-９+()\\-－ ]*$' })),
  website: Type.Optional(Type.String({ maxLength: 300, pattern: '^(https?://\\S+)?$' })),
};
export const OrganizationBody = Obj(organizationFields);
export type OrganizationBody = Static<typeof OrganizationBody>;
export const OrganizationPatchBody = Obj({
  ...organizationFields,
  name: Type.Optional(organizationFields.name),
  type: Type.Optional(organizationFields.type),
});
export type OrganizationPatchBody = Static<typeof OrganizationPatchBody>;

export const OrganizationListQuery = Obj({
  q: Type.Optional(Line(100)),
  type: many(OrganizationTypeCode),
  municipality: many(MunicipalityCode),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});
export type OrganizationListQuery = Static<typeof OrganizationListQuery>;
export const OrganizationListResponse = Paged(Organization);
export type OrganizationListResponse = Static<typeof OrganizationListResponse>;

export const Municipality = Type.Object({ code: Type.String(), name: Type.String(), kana: Type.String() });
export const Area = Type.Object({
  code: Type.String(),
  name: Type.String(),
  nameEn: Type.String(),
  municipalities: Type.Array(Municipality),
});
export const AreasResponse = Type.Object({
  prefecture: Type.Object({ code: Type.String(), name: Type.String(), nameEn: Type.String() }),
  areas: Type.Array(Area),
});
export type AreasResponse = Static<typeof AreasResponse>;

const TermSchema = Type.Object({ code: Type.String(), ja: Type.String(), en: Type.String() });
export const VocabulariesResponse = Type.Record(Type.String(), Type.Array(TermSchema));
