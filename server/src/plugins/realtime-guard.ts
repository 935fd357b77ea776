import { errorCatalogue, type ErrorCode, type SocketError } from '@tsunagu/shared';
import type { AppError } from '../lib/errors.ts';

/** What guards each socket event: errors as the API answers them, payload keys refused, rate limits. */

export function socketError(
  code: ErrorCode,
  override?: { ja: string; en: string },
  details?: SocketError['details'],
): SocketError {
  return {
    code,
    message: override?.ja ?? errorCatalogue[code].ja,
    messageEn: override?.en ?? errorCatalogue[code].en,
    ...(details?.length ? { details } : {}),
  };
}

export const toSocketError = (e: AppError): SocketError => e.toBody() as SocketError;

/** A handshake refusal: the client's `connect_error` has `message` = the code and `data` = the error. */
export function refusal(code: ErrorCode): Error {
  return Object.assign(new Error(code), { data: socketError(code) });
}

/** Keys that could reach an object's prototype are refused anywhere in a payload. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
export function forbiddenKey(value: unknown, depth = 0): string | undefined {
  if (depth > 8 || value === null || typeof value !== 'object') return undefined;
  for (const key of Object.keys(value)) {
    if (FORBIDDEN_KEYS.has(key)) return key;
    const found = forbiddenKey((value as Record<string, unknown>)[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A token bucket per user (in this process): `burst` events at once, `rate` per second after. */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {}

  take(key: string, now = performance.now()): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.rate);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  forget(key: string) {
    this.buckets.delete(key);
  }
}
