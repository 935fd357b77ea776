import Type, { type Static } from 'typebox';
import { Nullable, Obj, Page, PageSize, Paged, Timestamp, Uuid } from './common.ts';

/** What a user hears of: a title in both languages and where it leads. */
export const Notification = Type.Object({
  id: Uuid,
  kind: Type.String(),
  title: Type.String(),
  titleEn: Type.String(),
  link: Type.String(),
  readAt: Nullable(Timestamp),
  createdAt: Timestamp,
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
