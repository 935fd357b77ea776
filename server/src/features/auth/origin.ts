import type { IncomingHttpHeaders } from 'node:http';

/** Methods that change state; a browser sends Origin on each of them. */
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

const originOf = (value: string | undefined): string | null => {
  if (!value) return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
};

/**
 * Whether a request may come from where it says it comes from. A state-changing request whose
 * Origin names another site is refused (a page elsewhere submitting on the user's behalf).
 * Without Origin (curl, scripts, server-to-server) it passes, unless the route trusts a cookie
 * (`strict`): then the Referer must name the app, since the cookie alone proves nothing.
 */
export function originAllowed(
  method: string,
  headers: IncomingHttpHeaders,
  publicOrigin: string,
  strict: boolean,
): boolean {
  if (!STATE_CHANGING.has(method.toUpperCase())) return true;
  const origin = headers.origin;
  if (origin !== undefined) return originOf(origin) === publicOrigin;
  if (!strict) return true;
  return originOf(headers.referer) === publicOrigin;
}

/** For the socket.io handshake (a GET): a browser's Origin must be the app's; no Origin is not a browser. */
export function handshakeOriginAllowed(headers: IncomingHttpHeaders, publicOrigin: string): boolean {
  return headers.origin === undefined || originOf(headers.origin) === publicOrigin;
}
