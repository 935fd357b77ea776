/** The session rules of the platform, in one place. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const SESSION_IDLE_MS = 60 * 60 * 1000;
export const SESSION_ABSOLUTE_MS = 24 * 60 * 60 * 1000;
/** last_seen_at is refreshed at most this often, so a busy user does not write on every request. */
export const SESSION_TOUCH_MS = 60 * 1000;

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000;
export const PASSWORD_RESET_TTL_MS = 60 * 60 * 1000;

export const REFRESH_COOKIE = 'tsunagu_refresh';
export const JWT_ISSUER = 'tsunagu';
export const JWT_AUDIENCE = 'tsunagu-api';
