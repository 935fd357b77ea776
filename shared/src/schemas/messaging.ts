import Type, { type Static } from 'typebox';
import type { ErrorCode } from '../errors.ts';
import { Notification } from './notifications.ts';
import { Line, Nullable, Obj, Timestamp, Uuid } from './common.ts';

// ── Real-time messaging: REST shapes and the socket.io event maps (issue 5) ──

import {
  channelKinds,
  conversationKinds,
  MESSAGE_MAX_LENGTH,
  memberRoles,
  presenceStatuses,
  type PresenceStatus,
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
});
export type ConversationSummary = Static<typeof ConversationSummary>;

export const ConversationMember = Type.Object({
  userId: Uuid,
  displayName: Type.String(),
  role: Type.Enum([...memberRoles]),
  /** Read receipts: every message with seq ≤ this has been read by this member. */
  lastReadSeq: Type.Integer(),
  presence: Type.Enum([...presenceStatuses]),
});
export type ConversationMember = Static<typeof ConversationMember>;

export const ConversationDetail = Type.Object({
  ...ConversationSummary.properties,
  members: Type.Array(ConversationMember),
});
export type ConversationDetail = Static<typeof ConversationDetail>;

export const ConversationListResponse = Type.Object({ items: Type.Array(ConversationSummary) });
export type ConversationListResponse = Static<typeof ConversationListResponse>;

/** direct: `userId`; group: `name` + `memberIds`; channel (centre staff): `name`, `description`. */
export const ConversationCreateBody = Obj({
  kind: Type.Enum([...conversationKinds]),
  userId: Type.Optional(Uuid),
  name: Type.Optional(Line(100, 1)),
  description: Type.Optional(Line(500)),
  memberIds: Type.Optional(Type.Array(Uuid, { maxItems: 100, uniqueItems: true })),
});
export type ConversationCreateBody = Static<typeof ConversationCreateBody>;

export const MembersAddBody = Obj({
  userIds: Type.Array(Uuid, { minItems: 1, maxItems: 100, uniqueItems: true }),
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
});
export type ChannelSummary = Static<typeof ChannelSummary>;
export const ChannelListResponse = Type.Object({ items: Type.Array(ChannelSummary) });
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

// ── Socket events: client → server (each with an acknowledgement) ──

export const SendMessagePayload = Obj({
  conversationId: Uuid,
  /** Generated by the client (UUID) before the first try; a resend carries the same id. */
  clientId: Uuid,
  text: MessageText,
  threadRootId: Type.Optional(Uuid),
});
export type SendMessagePayload = Static<typeof SendMessagePayload>;

export const EditMessagePayload = Obj({ messageId: Uuid, text: MessageText });
export type EditMessagePayload = Static<typeof EditMessagePayload>;
export const DeleteMessagePayload = Obj({ messageId: Uuid });
export type DeleteMessagePayload = Static<typeof DeleteMessagePayload>;

/** After (re)connecting: the last position the client holds per conversation. */
export const SyncPayload = Obj({
  positions: Type.Array(
    Obj({
      conversationId: Uuid,
      after: Seq,
      /** The highest change number the client has seen: messages up to `after` edited or deleted since come back in `changed`. */
      changesAfter: Type.Optional(Seq),
    }),
    { maxItems: 200 },
  ),
  /** Messages per conversation in one answer (more: ask again from the last one). */
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 200 })),
});
export type SyncPayload = Static<typeof SyncPayload>;

export const ReadPayload = Obj({ conversationId: Uuid, seq: Seq });
export type ReadPayload = Static<typeof ReadPayload>;
export const TypingPayload = Obj({ conversationId: Uuid, typing: Type.Boolean() });
export type TypingPayload = Static<typeof TypingPayload>;
export const PresenceSetPayload = Obj({ status: Type.Enum(['online', 'away']) });
export type PresenceSetPayload = Static<typeof PresenceSetPayload>;
/** Receive `presence` events for these users (replaces the previous list). */
export const PresenceWatchPayload = Obj({ userIds: Type.Array(Uuid, { maxItems: 500, uniqueItems: true }) });
export type PresenceWatchPayload = Static<typeof PresenceWatchPayload>;

/** Every socket payload schema by event name (the server validates each event with it). */
export const socketPayloads = {
  'message:send': SendMessagePayload,
  'message:edit': EditMessagePayload,
  'message:delete': DeleteMessagePayload,
  sync: SyncPayload,
  read: ReadPayload,
  typing: TypingPayload,
  'presence:set': PresenceSetPayload,
  'presence:watch': PresenceWatchPayload,
} as const;
export type ClientEventName = keyof typeof socketPayloads;

/** An error as the API answers it: a code and a message a person can act on (ja/en). */
export interface SocketError {
  code: ErrorCode;
  message: string;
  messageEn: string;
  details?: { field?: string; message: string }[];
}

export type Ack<T extends object = object> = ({ ok: true } & T) | { ok: false; error: SocketError };
type AckFn<T extends object = object> = (response: Ack<T>) => void;

export interface SyncResult {
  conversationId: string;
  /** In sequence order, after the position sent. */
  messages: Message[];
  /** Held messages (seq ≤ after) edited or deleted after `changesAfter`, in change order. */
  changed: Message[];
  /** More messages or changes than `limit`: sync again from the last ones. */
  hasMore: boolean;
  lastSeq: number;
}

export interface ClientToServerEvents {
  'message:send': (payload: SendMessagePayload, ack: AckFn<{ message: Message; duplicate: boolean }>) => void;
  'message:edit': (payload: EditMessagePayload, ack: AckFn<{ message: Message }>) => void;
  'message:delete': (payload: DeleteMessagePayload, ack: AckFn<{ message: Message }>) => void;
  sync: (payload: SyncPayload, ack: AckFn<{ results: SyncResult[]; refused: string[] }>) => void;
  read: (payload: ReadPayload, ack?: AckFn<{ lastReadSeq: number; unread: number }>) => void;
  typing: (payload: TypingPayload, ack?: AckFn) => void;
  'presence:set': (payload: PresenceSetPayload, ack?: AckFn) => void;
  'presence:watch': (
    payload: PresenceWatchPayload,
    ack?: AckFn<{ presence: { userId: string; status: PresenceStatus }[] }>,
  ) => void;
}

// ── Socket events: server → client ──

export interface ReadEvent {
  conversationId: string;
  userId: string;
  lastReadSeq: number;
  /** Only to the reader's own sockets: their unread count in this conversation now. */
  unread?: number;
}
export interface TypingEvent {
  conversationId: string;
  userId: string;
  displayName: string;
  typing: boolean;
}
export interface PresenceEvent {
  userId: string;
  status: PresenceStatus;
}

export interface ServerToClientEvents {
  /** A new message, in sequence order per conversation. */
  'message:new': (message: Message) => void;
  /** An edited or deleted message (a deleted one has `deleted: true` and no text). */
  'message:updated': (message: Message) => void;
  read: (event: ReadEvent) => void;
  typing: (event: TypingEvent) => void;
  presence: (event: PresenceEvent) => void;
  /** The user was added to a conversation (or joined a channel): its summary. */
  'conversation:added': (conversation: ConversationSummary) => void;
  /** The user was removed from (or left) a conversation: nothing more arrives from it. */
  'conversation:removed': (event: { conversationId: string }) => void;
  /** A stored in-app notification (consultations, referrals, mentions) and the new unread count. */
  notification: (event: { notification: Notification; unread: number }) => void;
  /** A consultation the user may see changed (a reply, a triage, a status): its page reloads it. */
  'consultation:changed': (event: { consultationId: string }) => void;
  /** A referral of either side changed (sent, accepted, declined, a message …): its page reloads it. */
  'referral:changed': (event: { referralId: string }) => void;
  /** The access token expired: the server disconnects; refresh the token and reconnect. */
  'session:expired': (error: SocketError) => void;
  /** An event without an acknowledgement was refused (too many events, bad payload …). */
  'app:error': (event: { event: string; error: SocketError }) => void;
}

export interface ClientAuth {
  /** The same access token as the API's `Authorization: Bearer`. */
  token: string;
}
