import { Secret, TOTP } from 'otpauth';

const PERIOD = 30;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export function otpauthUrl(secret: string, email: string): string {
  return new TOTP({
    issuer: 'Tsunagu',
    label: email,
    secret: Secret.fromBase32(secret),
    period: PERIOD,
  }).toString();
}

/**
 * Checks a code against the secret, allowing one step of clock drift. Returns the time step it
 * matched, or null. The caller refuses steps at or before the last accepted one (a code works once).
 */
export function matchTotp(secret: string, code: string, now = Date.now()): number | null {
  const totp = new TOTP({ secret: Secret.fromBase32(secret), period: PERIOD });
  const delta = totp.validate({ token: code, timestamp: now, window: 1 });
  if (delta === null) return null;
  return Math.floor(now / 1000 / PERIOD) + delta;
}
