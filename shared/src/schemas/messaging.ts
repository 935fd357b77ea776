import Type, { type Static } from 'typebox';
import { Line, Nullable, Obj, Timestamp, Uuid } from './common.ts';

// ── Real-time messaging: REST shapes (issue 5; the socket events are in messaging-socket.ts) ──

import {
  channelAudienceKinds,
  channelKinds,
  conversationKinds,
  MAX_GROUP_MEMBERS,
  MESSAGE_MAX_LENGTH,
  memberRoles,
  presenceStatuses,
} from '../messaging-constants.ts';

export * from '../messaging-constants.ts';

/** A position in a conversation: the sequence number of a message (1, 2, 3 …; 0 = before the first). */
export const Seq = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
/** Message text: at most MESSAGE_MAX_LENGTH characters, no control characters except tab and newline (and not blank: the server checks). */
export const MessageText = Type.String({
  minLength: 1,
  maxLength: MESSAGE_MAX_LENGTH,
  pattern: '^[^\\u0000-\\u0008\\u000b-\\u001f\\u007f]*$',
});

export const Message = Type.Object({
  id: Uuid,
  conversationId: Uuid,
  seq: Type.Integer(),
  authorId: Nullable(Uuid),
  authorName: Type.String(),
  /** Markdown subset as typed; the client renders it safely. Empty when deleted. */
  text: Type.String(),
  threadRootId: Nullable(Uuid),
  /** Replies in this message's thread (0 for a reply). */
  replyCount: Type.Integer(),
  mentions: Type.Array(Uuid),
  createdAt: Timestamp,
  editedAt: Nullable(Timestamp),
  deleted: Type.Boolean(),
  /** The conversation's change number of this message's last store, edit or deletion (sync's `changesAfter`). */
  changeSeq: Type.Integer(),
});
export type Message = Static<typeof Message>;

export const ConversationSummary = Type.Object({
  id: Uuid,
  kind: Type.Enum([...conversationKinds]),
  /** A group's or channel's name; for a direct conversation, the other person's name. */
  name: Type.String(),
  description: Type.String(),
  channelKind: Nullable(Type.Enum([...channelKinds])),
  channelKey: Nullable(Type.String()),
  /** Direct conversations: the other person. */
  peerId: Nullable(Uuid),
  memberCount: Type.Integer(),
  myRole: Type.Enum([...memberRoles]),
  lastSeq: Type.Integer(),
  lastReadSeq: Type.Integer(),
  unread: Type.Integer(),
  lastMessage: Nullable(Message),
  lastMessageAt: Nullable(Timestamp),
  createdBy: Nullable(Uuid),
  /** Channels: only the people added by its admins belong (it is not listed to others). */
  inviteOnly: Type.Boolean(),
  /** What I may do here (from the server's policy; the web shows actions from this only). */
  can: Type.Object({
    post: Type.Boolean(),
    leave: Type.Boolean(),
    addMembers: Type.Boolean(),
    removeMembers: Type.Boolean(),
  }),
});
export type ConversationSummary = Static<typeof ConversationSummary>;

export const ConversationMember = Type.Object({
  userId: Uuid,
  displayName: Type.String(),
  role: Type.Enum([...memberRoles]),
  /** Read receipts: every message with seq ≤ this has been read by this member. */
  lastReadSeq: Type.Integer(),
  presence: Type.Enum([...presenceStatuses]),
  /** What I may do with this member: remove them (leaving oneself is the conversation's `can.leave`). */
  can: Type.Object({ remove: Type.Boolean() }),
});
export type ConversationMember = Static<typeof ConversationMember>;

export const ConversationDetail = Type.Object({
  ...ConversationSummary.properties,
  members: Type.Array(ConversationMember),
});
export type ConversationDetail = Static<typeof ConversationDetail>;

export const ConversationListResponse = Type.Object({ items: Type.Array(ConversationSummary) });
export type ConversationListResponse = Static<typeof ConversationListResponse>;

/** Whom a channel is for: the people of a 圏域 or of a qualification (they are joined to it). */
export const ChannelAudience = Obj({
  kind: Type.Enum([...channelAudienceKinds]),
  code: Line(50, 1),
});
export type ChannelAudience = Static<typeof ChannelAudience>;

/**
 * direct: `userId`; group: `name` + `memberIds`; channel (centre staff): `name`, `description`,
 * `audience`, `inviteOnly`. Larger member lists than MAX_GROUP_MEMBERS pass the schema so the
 * server can answer with a message naming the limit.
 */
export const ConversationCreateBody = Obj({
  kind: Type.Enum([...conversationKinds]),
  userId: Type.Optional(Uuid),
  name: Type.Optional(Line(100, 1)),
  description: Type.Optional(Line(500)),
  memberIds: Type.Optional(Type.Array(Uuid, { maxItems: MAX_GROUP_MEMBERS * 5, uniqueItems: true })),
  audience: Type.Optional(ChannelAudience),
  inviteOnly: Type.Optional(Type.Boolean()),
});
export type ConversationCreateBody = Static<typeof ConversationCreateBody>;

export const MembersAddBody = Obj({
  userIds: Type.Array(Uuid, { minItems: 1, maxItems: MAX_GROUP_MEMBERS * 5, uniqueItems: true }),
});
export type MembersAddBody = Static<typeof MembersAddBody>;
export const MemberParams = Obj({ id: Uuid, userId: Uuid });
export type MemberParams = Static<typeof MemberParams>;

export const ChannelSummary = Type.Object({
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  channelKind: Type.Enum([...channelKinds]),
  channelKey: Nullable(Type.String()),
  memberCount: Type.Integer(),
  joined: Type.Boolean(),
  inviteOnly: Type.Boolean(),
  audience: Nullable(ChannelAudience),
  can: Type.Object({ join: Type.Boolean(), leave: Type.Boolean() }),
});
export type ChannelSummary = Static<typeof ChannelSummary>;
export const ChannelListResponse = Type.Object({
  items: Type.Array(ChannelSummary),
  /** Whether I may create channels (centre staff and admins). */
  can: Type.Object({ createChannel: Type.Boolean() }),
});
export type ChannelListResponse = Static<typeof ChannelListResponse>;

/** History, newest first: `before` = a position (seq); the page holds messages with seq < before. */
export const MessageListQuery = Obj({
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  /** Only the replies in this message's thread (with the root itself). */
  threadRootId: Type.Optional(Uuid),
});
export type MessageListQuery = Static<typeof MessageListQuery>;
export const MessageListResponse = Type.Object({
  items: Type.Array(Message),
  /** More, older messages exist: ask again with `before` = the last item's seq. */
  hasMore: Type.Boolean(),
});
export type MessageListResponse = Static<typeof MessageListResponse>;

export const MessageSearchQuery = Obj({
  q: Line(100, 1),
  conversationId: Type.Optional(Uuid),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })),
});
export type MessageSearchQuery = Static<typeof MessageSearchQuery>;
export const MessageSearchHit = Type.Object({
  message: Message,
  conversationName: Type.String(),
  conversationKind: Type.Enum([...conversationKinds]),
});
export const MessageSearchResponse = Type.Object({ items: Type.Array(MessageSearchHit) });
export type MessageSearchResponse = Static<typeof MessageSearchResponse>;

/** People one may write to or add to a group: active users of every role, by name. */
export const MessagingPeopleQuery = Obj({
  q: Line(100, 1),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
});
export type MessagingPeopleQuery = Static<typeof MessagingPeopleQuery>;
export const MessagingPerson = Type.Object({
  id: Uuid,
  displayName: Type.String(),
  role: Type.String(),
  organizationName: Type.String(),
});
export type MessagingPerson = Static<typeof MessagingPerson>;
export const MessagingPeopleResponse = Type.Object({ items: Type.Array(MessagingPerson) });
export type MessagingPeopleResponse = Static<typeof MessagingPeopleResponse>;
