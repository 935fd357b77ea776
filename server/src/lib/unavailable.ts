/**
 * Whether an error means the database (or another backing service) is briefly out of reach,
 * rather than that the request was wrong: the caller may retry the same thing in a moment.
 * REST answers these with 503 `unavailable` and Retry-After; socket events with `unavailable`.
 */

/** Network failures of a connection (Node's system error codes). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'ECONNABORTED',
]);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception), admin/crash shutdown and "cannot connect
 * now" (57P01-57P03), too many connections (53300), serialization/deadlock are not included:
 * those are answered by retrying the transaction, not by waiting for the server.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** Messages of node-postgres (and pglite-socket, which speaks through it) when the link is cut. */
const LINK_MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection timeout/i,
  /not queryable/i,
  /cannot use a pool after calling end/i,
  /client was closed/i,
  /socket (closed|hang up|has been ended)/i,
  /client has encountered a connection error/i,
  /server closed the connection unexpectedly/i,
  /the database system is (starting up|shutting down|in recovery mode)/i,
];

export function isUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5) return false;
  const e = err as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  // A Unix socket that is not there (yet): the embedded database is restarting.
  if (code === 'ENOENT' && (e as { syscall?: unknown }).syscall === 'connect') return true;
  if (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof e.message === 'string' && LINK_MESSAGES.some((re) => re.test(e.message as string))) return true;
  // Drizzle wraps the driver's error in `cause`; a failed connect to several addresses is an AggregateError.
  if (Array.isArray(e.errors) && e.errors.some((x) => isUnavailable(x, depth + 1))) return true;
  return isUnavailable(e.cause, depth + 1);
}

/** Seconds a client should wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;
