import Type, { type Static } from 'typebox';
import { caseReportStatuses } from '../consultation-constants.ts';
import { AreaCode, CareTypeCode } from './directory.ts';
import { AgeBandCode, CategoryCode } from './consultations.ts';
import { Line, Nullable, Obj, Page, PageSize, Paged, Timestamp, Uuid } from './common.ts';

// Case reports (事例報告): anonymised accounts written from answered consultations, published after review.

const Person = Type.Object({ id: Uuid, displayName: Type.String() });

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
  /** What the caller may do with it now (the web shows actions from these only). */
  can: Type.Object({
    /** Change its text or tags (an author's change goes back to review). */
    edit: Type.Boolean(),
    /** Return it to its author with a comment (the centre, while it waits for review). */
    review: Type.Boolean(),
    /** Publish it to the library (the centre, while unpublished). */
    publish: Type.Boolean(),
  }),
});
export type CaseReport = Static<typeof CaseReport>;
export const CaseReportListResponse = Paged(CaseReport);
export type CaseReportListResponse = Static<typeof CaseReportListResponse>;
