import Type, { type Static } from 'typebox';
import { Line, Nullable, Obj, Page, PageSize, Paged, Timestamp, Uuid } from './common.ts';

/**
 * A user asks the centre to change the organisation they belong to. Belonging to an
 * organisation grants access to its referrals and resources, so it is granted, never claimed.
 */
export const organizationRequestStates = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export type OrganizationRequestState = (typeof organizationRequestStates)[number];

const OrgRef = Type.Object({ id: Uuid, name: Type.String() });

export const OrganizationRequest = Type.Object({
  id: Uuid,
  user: Type.Object({ id: Uuid, displayName: Type.String(), role: Type.String() }),
  /** The organisation the user belonged to when they asked. */
  from: Nullable(OrgRef),
  /** The organisation asked for; null asks to belong to none. */
  to: Nullable(OrgRef),
  note: Type.String(),
  state: Type.Enum([...organizationRequestStates]),
  reason: Type.String({ description: 'Why the centre refused (rejected only)' }),
  createdAt: Timestamp,
  decidedAt: Nullable(Timestamp),
  decidedBy: Nullable(Uuid),
  can: Type.Object({ decide: Type.Boolean(), cancel: Type.Boolean() }),
});
export type OrganizationRequest = Static<typeof OrganizationRequest>;

export const OrganizationRequestCreateBody = Obj({
  organizationId: Nullable(Uuid),
  note: Type.Optional(Line(500)),
});
export type OrganizationRequestCreateBody = Static<typeof OrganizationRequestCreateBody>;

export const OrganizationRequestRejectBody = Obj({ reason: Line(500, 1) });
export type OrganizationRequestRejectBody = Static<typeof OrganizationRequestRejectBody>;

export const OrganizationRequestListQuery = Obj({
  state: Type.Optional(Type.Enum([...organizationRequestStates])),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});
export type OrganizationRequestListQuery = Static<typeof OrganizationRequestListQuery>;
export const OrganizationRequestListResponse = Paged(OrganizationRequest);
export type OrganizationRequestListResponse = Static<typeof OrganizationRequestListResponse>;
