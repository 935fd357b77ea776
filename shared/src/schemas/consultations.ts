import Type, { type Static } from 'typebox';
import { codesOf } from '../vocabularies.ts';
import { AreaCode, CareTypeCode } from './directory.ts';
import { CodeOf, Line, Nullable, Obj, Page, PageSize, Paged, Timestamp, Uuid } from './common.ts';

export const consultationStatuses = [
  'draft',
  'new',
  'triaged',
  'in_progress',
  'answered',
  'closed',
  'reopened',
] as const;
export type ConsultationStatus = (typeof consultationStatuses)[number];
export const priorities = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof priorities)[number];
/** Kinds of personal data the check finds (README: Consultations → the personal-data check). */
export const piiKinds = [
  'name',
  'phone',
  'email',
  'postal_code',
  'address',
  'birth_date',
  'date',
  'my_number',
  'certificate_number',
  'insurance_number',
  'medical_record_number',
  'id_number',
  'url',
  'sns_account',
  'school',
] as const;

export const CategoryCode = CodeOf(codesOf('consultationCategories'));
export const AgeBandCode = CodeOf(codesOf('ageBands'));
export const PriorityCode = Type.Enum([...priorities]);
export const ConsultationStatusCode = Type.Enum([...consultationStatuses]);

export const PiiCheckBody = Obj({ text: Type.String({ maxLength: 20000 }) });
export type PiiCheckBody = Static<typeof PiiCheckBody>;
export const PiiFinding = Type.Object({
  kind: Type.Enum([...piiKinds]),
  start: Type.Integer(),
  end: Type.Integer(),
});
export type PiiFinding = Static<typeof PiiFinding>;
export const PiiCheckResponse = Type.Object({ findings: Type.Array(PiiFinding) });
export type PiiCheckResponse = Static<typeof PiiCheckResponse>;
/** A finding located in one field of a consultation, reply or case report. */
export const FieldPiiFinding = Type.Object({
  field: Type.String(),
  kind: Type.String(),
  start: Type.Integer(),
  end: Type.Integer(),
});
export type FieldPiiFinding = Static<typeof FieldPiiFinding>;

export const PiiOverride = Obj({ reason: Line(500, 2) });

/** The text fields checked for personal data, in the order shown. */
export const consultationTextFields = ['title', 'livingSituation', 'tried', 'asked', 'body'] as const;

/** Create: `draft: true` keeps it as a draft (no checks); otherwise it is posted and checked. */
export const ConsultationCreateBody = Obj({
  title: Type.Optional(Line(200)),
  categories: Type.Optional(Type.Array(CategoryCode, { maxItems: 8 })),
  ageBand: Type.Optional(Nullable(AgeBandCode)),
  careTypes: Type.Optional(Type.Array(CareTypeCode, { maxItems: 14 })),
  area: Type.Optional(Nullable(AreaCode)),
  livingSituation: Type.Optional(Line(2000)),
  tried: Type.Optional(Line(4000)),
  asked: Type.Optional(Line(4000)),
  body: Type.Optional(Line(8000)),
  urgency: Type.Optional(PriorityCode),
  draft: Type.Optional(Type.Boolean()),
  piiOverride: Type.Optional(PiiOverride),
});
export type ConsultationCreateBody = Static<typeof ConsultationCreateBody>;

/** Edit a draft (author only), optionally posting it. */
export const ConsultationDraftBody = ConsultationCreateBody;
export type ConsultationDraftBody = ConsultationCreateBody;

/** Triage by the centre, or reopen/close by the author. */
export const ConsultationPatchBody = Obj({
  status: Type.Optional(ConsultationStatusCode),
  priority: Type.Optional(PriorityCode),
  assigneeId: Type.Optional(Nullable(Uuid)),
  inviteUserIds: Type.Optional(Type.Array(Uuid, { maxItems: 10 })),
  removeUserIds: Type.Optional(Type.Array(Uuid, { maxItems: 10 })),
  answerReplyId: Type.Optional(Nullable(Uuid)),
});
export type ConsultationPatchBody = Static<typeof ConsultationPatchBody>;

export const ReplyBody = Obj({
  body: Line(8000, 1),
  internal: Type.Optional(Type.Boolean()),
  markAsAnswer: Type.Optional(Type.Boolean()),
  piiOverride: Type.Optional(PiiOverride),
});
export type ReplyBody = Static<typeof ReplyBody>;

export const RedactBody = Obj({
  target: Type.Enum([...consultationTextFields, 'reply']),
  replyId: Type.Optional(Uuid),
  start: Type.Integer({ minimum: 0 }),
  end: Type.Integer({ minimum: 1 }),
});
export type RedactBody = Static<typeof RedactBody>;

export const consultationSorts = ['due', 'priority', '-created', 'created', '-updated'] as const;
export const ConsultationListQuery = Obj({
  status: Type.Optional(Type.Array(ConsultationStatusCode, { maxItems: 7 })),
  priority: Type.Optional(Type.Array(PriorityCode, { maxItems: 4 })),
  category: Type.Optional(Type.Array(CategoryCode, { maxItems: 10 })),
  area: Type.Optional(Type.Array(AreaCode, { maxItems: 10 })),
  assignee: Type.Optional(Type.Union([Uuid, Type.Enum(['me', 'none'])])),
  overdue: Type.Optional(Type.Boolean()),
  q: Type.Optional(Line(100)),
  sort: Type.Optional(Type.Enum([...consultationSorts])),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});
export type ConsultationListQuery = Static<typeof ConsultationListQuery>;

const Person = Type.Object({ id: Uuid, displayName: Type.String() });

export const ConsultationSummary = Type.Object({
  id: Uuid,
  title: Type.String(),
  status: ConsultationStatusCode,
  priority: PriorityCode,
  urgency: PriorityCode,
  categories: Type.Array(Type.String()),
  ageBand: Nullable(Type.String()),
  careTypes: Type.Array(Type.String()),
  area: Nullable(Type.String()),
  author: Person,
  assignee: Nullable(Person),
  createdAt: Timestamp,
  postedAt: Nullable(Timestamp),
  updatedAt: Timestamp,
  firstResponseDueAt: Nullable(Timestamp),
  firstRespondedAt: Nullable(Timestamp),
  /** Business time left to the first-response target in minutes (negative: overdue). */
  responseMinutesLeft: Nullable(Type.Integer()),
  overdue: Type.Boolean(),
  /** How the caller relates to it: author, invited participant, or centre staff. */
  relation: Type.Enum(['author', 'participant', 'centre']),
});
export type ConsultationSummary = Static<typeof ConsultationSummary>;
export const ConsultationListResponse = Paged(ConsultationSummary);
export type ConsultationListResponse = Static<typeof ConsultationListResponse>;

export const ConsultationReply = Type.Object({
  id: Uuid,
  author: Person,
  authorRole: Type.String(),
  body: Type.String(),
  internal: Type.Boolean(),
  isAnswer: Type.Boolean(),
  createdAt: Timestamp,
});
export type ConsultationReply = Static<typeof ConsultationReply>;

export const ConsultationEvent = Type.Object({
  kind: Type.String(),
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  actor: Nullable(Person),
  at: Timestamp,
});
export type ConsultationEvent = Static<typeof ConsultationEvent>;

export const ConsultationDetail = Type.Object({
  ...ConsultationSummary.properties,
  livingSituation: Type.String(),
  tried: Type.String(),
  asked: Type.String(),
  body: Type.String(),
  participants: Type.Array(Person),
  replies: Type.Array(ConsultationReply),
  history: Type.Array(ConsultationEvent),
  /** Centre staff only: why the author posted despite personal-data warnings. */
  piiOverride: Nullable(Type.Object({ reason: Type.String(), findings: Type.Array(FieldPiiFinding) })),
  answerReplyId: Nullable(Uuid),
  /** Transitions the caller may make now. */
  allowedStatuses: Type.Array(ConsultationStatusCode),
});
export type ConsultationDetail = Static<typeof ConsultationDetail>;

export const ExpertSuggestion = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  organizationName: Nullable(Type.String()),
  qualifications: Type.Array(Type.Object({ code: Type.String(), years: Type.Integer() })),
  careTypesMatched: Type.Array(Type.String()),
  sameArea: Type.Boolean(),
  accepting: Type.Boolean(),
});
export const ExpertSuggestionResponse = Type.Object({ items: Type.Array(ExpertSuggestion) });
export type ExpertSuggestionResponse = Static<typeof ExpertSuggestionResponse>;

export const CentreStaffResponse = Type.Object({ items: Type.Array(Person) });

// ── Case reports (事例報告) ──
export const caseReportStatuses = ['draft', 'in_review', 'published', 'returned'] as const;
export const CaseReportBody = Obj({
  consultationId: Type.Optional(Nullable(Uuid)),
  title: Line(200, 1),
  summary: Line(8000, 1),
  whatWorked: Type.Optional(Line(8000)),
  categories: Type.Optional(Type.Array(CategoryCode, { maxItems: 8 })),
  careTypes: Type.Optional(Type.Array(CareTypeCode, { maxItems: 14 })),
  ageBand: Type.Optional(Nullable(AgeBandCode)),
  area: Type.Optional(Nullable(AreaCode)),
  submit: Type.Optional(Type.Boolean()),
});
export type CaseReportBody = Static<typeof CaseReportBody>;
export const CaseReportPatchBody = Obj({
  title: Type.Optional(Line(200, 1)),
  summary: Type.Optional(Line(8000, 1)),
  whatWorked: Type.Optional(Line(8000)),
  categories: Type.Optional(Type.Array(CategoryCode, { maxItems: 8 })),
  careTypes: Type.Optional(Type.Array(CareTypeCode, { maxItems: 14 })),
  ageBand: Type.Optional(Nullable(AgeBandCode)),
  area: Type.Optional(Nullable(AreaCode)),
  submit: Type.Optional(Type.Boolean()),
});
export type CaseReportPatchBody = Static<typeof CaseReportPatchBody>;
export const CaseReviewBody = Obj({
  decision: Type.Enum(['publish', 'return']),
  comment: Type.Optional(Line(2000)),
});
export type CaseReviewBody = Static<typeof CaseReviewBody>;
export const CaseReportListQuery = Obj({
  q: Type.Optional(Line(100)),
  category: Type.Optional(Type.Array(CategoryCode, { maxItems: 10 })),
  careType: Type.Optional(Type.Array(CareTypeCode, { maxItems: 14 })),
  ageBand: Type.Optional(Type.Array(AgeBandCode, { maxItems: 7 })),
  area: Type.Optional(Type.Array(AreaCode, { maxItems: 10 })),
  status: Type.Optional(Type.Array(Type.Enum([...caseReportStatuses]), { maxItems: 4 })),
  mine: Type.Optional(Type.Boolean()),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});
export type CaseReportListQuery = Static<typeof CaseReportListQuery>;
export const CaseReport = Type.Object({
  id: Uuid,
  consultationId: Nullable(Uuid),
  author: Person,
  status: Type.Enum([...caseReportStatuses]),
  title: Type.String(),
  summary: Type.String(),
  whatWorked: Type.String(),
  categories: Type.Array(Type.String()),
  careTypes: Type.Array(Type.String()),
  ageBand: Nullable(Type.String()),
  area: Nullable(Type.String()),
  reviewComment: Nullable(Type.String()),
  publishedAt: Nullable(Timestamp),
  updatedAt: Timestamp,
});
export type CaseReport = Static<typeof CaseReport>;
export const CaseReportListResponse = Paged(CaseReport);
export type CaseReportListResponse = Static<typeof CaseReportListResponse>;
