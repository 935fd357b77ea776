import { createHash, createHmac, randomBytes } from 'node:crypto';

/** A random token for links and refresh cookies; only its hash is stored. */
export function newSecretToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/**
 * The token that follows `token`, derived with the server's secret: two concurrent uses of one
 * refresh token compute the same successor, so both browser tabs end up with the same cookie.
 * Without the secret it cannot be guessed from the token.
 */
export function successorToken(secret: string, token: string): { token: string; hash: string } {
  const next = createHmac('sha256', secret).update(`refresh-successor:${token}`).digest('base64url');
  return { token: next, hash: hashToken(next) };
}
