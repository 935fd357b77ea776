import Type, { type Static } from 'typebox';
import { Nullable, Obj, Page, PageSize, Paged, Timestamp, Uuid } from './common.ts';

// ── Notifications ──
export const Notification = Type.Object({
  id: Uuid,
  kind: Type.String(),
  title: Type.String(),
  titleEn: Type.String(),
  link: Type.String(),
  /**
   * What it concerns, so two notifications with the same title can be told apart: the kind of
   * record, a short reference and (consultations, case reports) the start of its current title.
   */
  subject: Nullable(
    Type.Object({
      type: Type.String(),
      ref: Type.String(),
      label: Nullable(Type.String()),
    }),
  ),
  /** Who acted (their display name), when the notification follows someone's action. */
  actorName: Nullable(Type.String()),
  readAt: Nullable(Timestamp),
  createdAt: Timestamp,
  can: Type.Object({ markRead: Type.Boolean() }),
});
export type Notification = Static<typeof Notification>;
export const NotificationListQuery = Obj({
  unread: Type.Optional(Type.Boolean()),
  page: Type.Optional(Page),
  pageSize: Type.Optional(PageSize),
});
export const NotificationListResponse = Type.Object({
  ...Paged(Notification).properties,
  unread: Type.Integer(),
});
export type NotificationListResponse = Static<typeof NotificationListResponse>;
export const UnreadCountResponse = Type.Object({ unread: Type.Integer() });
