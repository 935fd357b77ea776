// Plain constants of messaging, importable by the web app without pulling in the schemas.

/** Longest message text, in characters (UTF-16 code units, as `String.length`). */
export const MESSAGE_MAX_LENGTH = 4000;
/** socket.io's transport limit per packet (bytes): a longer packet closes that one connection. */
export const SOCKET_MAX_PAYLOAD_BYTES = 16 * 1024;

export const conversationKinds = ['direct', 'group', 'channel'] as const;
export type ConversationKind = (typeof conversationKinds)[number];
export const channelKinds = ['area', 'profession', 'custom'] as const;
export type ChannelKind = (typeof channelKinds)[number];
export const memberRoles = ['member', 'admin'] as const;
export const presenceStatuses = ['online', 'away', 'offline'] as const;
export type PresenceStatus = (typeof presenceStatuses)[number];
/** Whom a centre channel is for (its members are joined automatically). */
export const channelAudienceKinds = ['area', 'profession'] as const;
export type ChannelAudienceKind = (typeof channelAudienceKinds)[number];
/** The largest group or invite-only channel (members, creator included). */
export const MAX_GROUP_MEMBERS = 100;
