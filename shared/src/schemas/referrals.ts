import Type, { type Static } from 'typebox';
import { AreaCode, CareTypeCode } from './directory.ts';
import { AgeBandCode, PriorityCode } from './consultations.ts';
import { Line, Nullable, Obj, Page, PageSize, Paged, Timestamp, Uuid } from './common.ts';

export const referralStates = ['draft', 'sent', 'accepted', 'declined', 'completed', 'cancelled'] as const;
export type ReferralState = (typeof referralStates)[number];
/** States after which nothing more happens: the retention period of the family's details starts. */
export const endedReferralStates: readonly ReferralState[] = ['declined', 'completed', 'cancelled'];
export const consentMethods = ['written', 'verbal', 'other'] as const;
export const declineReasons = ['no_capacity', 'care_not_manageable', 'outside_area', 'other'] as const;
/** Declines that say the area lacks a service: recorded for the centre's resource-gap view. */
export const gapDeclineReasons: readonly string[] = ['no_capacity', 'care_not_manageable'];
export const referralOutcomes = ['service_started', 'family_declined', 'could_not_contact', 'other'] as const;
export const recipientTypes = ['resource', 'coordinator'] as const;

export const ReferralStateCode = Type.Enum([...referralStates]);
export const ConsentMethodCode = Type.Enum([...consentMethods], {
  description: '書面 written / 口頭 verbal / その他 other',
});
export const DeclineReasonCode = Type.Enum([...declineReasons]);
export const OutcomeCode = Type.Enum([...referralOutcomes]);
export const RecipientTypeCode = Type.Enum([...recipientTypes]);
const IsoDate = Type.String({ format: 'date', description: 'YYYY-MM-DD' });

/** The family's details: the only identifying data the platform holds; encrypted at rest. */
export const FamilyDetails = Obj({
  name: Line(100),
  contact: Type.Optional(Line(300)),
  address: Type.Optional(Line(300)),
  notes: Type.Optional(Line(2000)),
});
export type FamilyDetails = Static<typeof FamilyDetails>;

/** The family's consent to this provision: when, how, and which recipient it covers. */
export const ConsentBody = Obj({
  date: IsoDate,
  method: ConsentMethodCode,
  note: Type.Optional(Line(500)),
  recipientType: RecipientTypeCode,
  /** The resource's id, or the coordinator's user id: must be the referral's recipient. */
  recipientId: Uuid,
});
export type ConsentBody = Static<typeof ConsentBody>;

/** A short line only its author sees (e.g. 「Aさん・4月の相談」). */
export const PrivateLabel = Line(60);
export const PrivateLabelBody = Obj({ privateLabel: PrivateLabel });
export type PrivateLabelBody = Static<typeof PrivateLabelBody>;

/** What the caller may do with a referral now, decided by the server's policy (the web shows actions from it). */
export const ReferralCan = Type.Object({
  edit: Type.Boolean(),
  consent: Type.Boolean(),
  send: Type.Boolean(),
  accept: Type.Boolean(),
  decline: Type.Boolean(),
  complete: Type.Boolean(),
  cancel: Type.Boolean(),
  message: Type.Boolean(),
  readFamily: Type.Boolean(),
  /** Set my private label (the sender, in any state). */
  label: Type.Boolean(),
});
export type ReferralCan = Static<typeof ReferralCan>;

const referralFields = {
  /** A resource (its organisation's users receive it) … */
  resourceId: Type.Optional(Nullable(Uuid)),
  /** … or a coordinator. */
  recipientUserId: Type.Optional(Nullable(Uuid)),
  need: Type.Optional(Line(4000)),
  careTypes: Type.Optional(Type.Array(CareTypeCode, { maxItems: 14 })),
  ageBand: Type.Optional(Nullable(AgeBandCode)),
  area: Type.Optional(Nullable(AreaCode)),
  urgency: Type.Optional(PriorityCode),
  family: Type.Optional(FamilyDetails),
  consent: Type.Optional(ConsentBody),
  /** The sender's own label to tell their families apart; never shown to the other side. */
  privateLabel: Type.Optional(PrivateLabel),
};
export const ReferralCreateBody = Obj(referralFields);
export type ReferralCreateBody = Static<typeof ReferralCreateBody>;
export const ReferralPatchBody = Obj(referralFields);
export type ReferralPatchBody = Static<typeof ReferralPatchBody>;

export const DeclineBody = Obj({ reason: DeclineReasonCode, text: Type.Optional(Line(1000)) });
export type DeclineBody = Static<typeof DeclineBody>;
export const CompleteBody = Obj({ outcome: OutcomeCode, text: Type.Optional(Line(1000)) });
export type CompleteBody = Static<typeof CompleteBody>;
export const CancelBody = Obj({ text: Type.Optional(Line(1000)) });
export type CancelBody = Static<typeof CancelBody>;
export const ReferralMessageBody = Obj({ body: Line(4000, 1) });
export type ReferralMessageBody = Static<typeof ReferralMessageBody>;

export const ReferralListQuery = Obj({
  state: Type.Optional(Type.Array(ReferralStateCode, { maxItems: 6 })),
  direction: Type.Optional(Type.Enum(['sent', 'received', 'all'])),
  overdue: Type.Optional(Type.Boolean()),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});
export type ReferralListQuery = Static<typeof ReferralListQuery>;

const Person = Type.Object({ id: Uuid, displayName: Type.String() });
const OrgRef = Type.Object({ id: Uuid, name: Type.String() });

export const ReferralSummary = Type.Object({
  id: Uuid,
  state: ReferralStateCode,
  recipientType: RecipientTypeCode,
  sender: Person,
  senderOrganization: Nullable(OrgRef),
  resource: Nullable(Type.Object({ id: Uuid, name: Type.String(), serviceType: Type.String() })),
  recipientOrganization: Nullable(OrgRef),
  recipientUser: Nullable(Person),
  careTypes: Type.Array(Type.String()),
  ageBand: Nullable(Type.String()),
  area: Nullable(Type.String()),
  urgency: PriorityCode,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  sentAt: Nullable(Timestamp),
  responseDueAt: Nullable(Timestamp),
  /** Sent and not answered within 2 business days. */
  overdue: Type.Boolean(),
  /** How the caller relates to it: the sender, the receiving side, or the centre (no family details). */
  relation: Type.Enum(['sender', 'recipient', 'centre']),
  /** The sender's private label: answered to the sender only (null for everyone else). */
  privateLabel: Nullable(Type.String()),
  can: ReferralCan,
});
export type ReferralSummary = Static<typeof ReferralSummary>;
export const ReferralListResponse = Paged(ReferralSummary);
export type ReferralListResponse = Static<typeof ReferralListResponse>;

export const ReferralEvent = Type.Object({
  kind: Type.String(),
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  actor: Nullable(Person),
  at: Timestamp,
});
export type ReferralEvent = Static<typeof ReferralEvent>;

export const ReferralConsent = Type.Object({
  date: Type.String(),
  method: ConsentMethodCode,
  note: Type.String(),
  recipientType: RecipientTypeCode,
  recipientId: Uuid,
  /** Whether it covers the referral's current recipient. */
  coversRecipient: Type.Boolean(),
  recordedAt: Timestamp,
  recordedBy: Nullable(Person),
});

export const ReferralDetail = Type.Object({
  ...ReferralSummary.properties,
  /** The need in words; null for the centre. */
  need: Nullable(Type.String()),
  consent: Nullable(ReferralConsent),
  decline: Nullable(Type.Object({ reason: DeclineReasonCode, text: Type.String(), at: Timestamp })),
  outcome: Nullable(Type.Object({ outcome: OutcomeCode, text: Type.String(), at: Timestamp })),
  acceptedAt: Nullable(Timestamp),
  cancelledAt: Nullable(Timestamp),
  endedAt: Nullable(Timestamp),
  /** The family's details exist (read them through /family; each read is audited). */
  hasFamilyDetails: Type.Boolean(),
  familyErasedAt: Nullable(Timestamp),
  /** When the family's details will be erased (after the retention period). */
  familyEraseDueAt: Nullable(Timestamp),
  history: Type.Array(ReferralEvent),
});
export type ReferralDetail = Static<typeof ReferralDetail>;

export const FamilyDetailsResponse = Type.Object({
  referralId: Uuid,
  name: Type.String(),
  contact: Type.String(),
  address: Type.String(),
  notes: Type.String(),
});
export type FamilyDetailsResponse = Static<typeof FamilyDetailsResponse>;

export const ReferralMessage = Type.Object({
  id: Uuid,
  author: Person,
  /** Null once erased with the family's details. */
  body: Nullable(Type.String()),
  createdAt: Timestamp,
});
export type ReferralMessage = Static<typeof ReferralMessage>;
export const ReferralMessagesResponse = Type.Object({ items: Type.Array(ReferralMessage) });
export type ReferralMessagesResponse = Static<typeof ReferralMessagesResponse>;

/** APPI record of provision to a third party (個人情報保護法の第三者提供記録), per sending organisation. */
export const ProvisionRecordQuery = Obj({
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  format: Type.Optional(Type.Enum(['json', 'csv'])),
});
export type ProvisionRecordQuery = Static<typeof ProvisionRecordQuery>;
export const ProvisionRecord = Type.Object({
  referralId: Uuid,
  providedAt: Timestamp,
  sender: Person,
  recipientOrganization: Nullable(Type.String()),
  recipientPerson: Nullable(Type.String()),
  resourceName: Nullable(Type.String()),
  /** The categories of personal data provided (not the data). */
  categories: Type.Array(Type.String()),
  consentDate: Nullable(Type.String()),
  consentMethod: Nullable(ConsentMethodCode),
  state: ReferralStateCode,
  familyErasedAt: Nullable(Timestamp),
});
export type ProvisionRecord = Static<typeof ProvisionRecord>;
export const ProvisionRecordResponse = Type.Object({
  from: Nullable(Type.String()),
  to: Nullable(Type.String()),
  items: Type.Array(ProvisionRecord),
});
export type ProvisionRecordResponse = Static<typeof ProvisionRecordResponse>;

export const RetentionSetting = Obj({
  years: Type.Integer({
    minimum: 1,
    maximum: 20,
    description: 'years the family details are kept after a referral ends',
  }),
});
export type RetentionSetting = Static<typeof RetentionSetting>;
export const DEFAULT_FAMILY_RETENTION_YEARS = 3;
