import Type, { type Static } from 'typebox';
import { codesOf } from '../vocabularies.ts';
import { AreaCode, CareTypeCode } from './directory.ts';
import { CodeOf, Line, Nullable, Obj, Page, PageSize, Paged, Timestamp, Uuid } from './common.ts';
import {
  consultationSorts,
  consultationStatuses,
  consultationTextFields,
  priorities,
} from '../consultation-constants.ts';
import { FieldPiiFinding, PiiOverride } from './pii.ts';

// Consultations (相談): what a coordinator asks the centre, the queue, and the conversation on it.

export const CategoryCode = CodeOf(codesOf('consultationCategories'));
export const AgeBandCode = CodeOf(codesOf('ageBands'));
export const PriorityCode = Type.Enum([...priorities]);
export const ConsultationStatusCode = Type.Enum([...consultationStatuses]);

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
  /** What the caller may do with it now (the web shows actions from these only). */
  can: Type.Object({
    /** Edit the draft and post it (its author). */
    edit: Type.Boolean(),
    /** Reply (anyone on it, until it is closed). */
    reply: Type.Boolean(),
    /** Write an internal note (the centre). */
    note: Type.Boolean(),
    /** Choose which reply is the answer. */
    markAnswer: Type.Boolean(),
    /** Change its status and priority (the centre). */
    triage: Type.Boolean(),
    /** Choose who at the centre looks after it. */
    assign: Type.Boolean(),
    /** Invite other coordinators with experience (until it is closed). */
    invite: Type.Boolean(),
    /** Remove a span of text for good (the centre). */
    redact: Type.Boolean(),
    /** Close it now. */
    close: Type.Boolean(),
    /** Open it again. */
    reopen: Type.Boolean(),
    /** Write a case report from it (answered or closed; its author or the centre). */
    writeReport: Type.Boolean(),
  }),
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
