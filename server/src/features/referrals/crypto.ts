import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Application-level encryption of a family's details: AES-256-GCM with a random 96-bit nonce,
 * the row's id as additional authenticated data (a ciphertext copied to another referral does
 * not decrypt), stored as `v1.<nonce>.<tag>.<ciphertext>` in base64url.
 */
const VERSION = 'v1';

export function seal(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [
    VERSION,
    iv.toString('base64url'),
    cipher.getAuthTag().toString('base64url'),
    body.toString('base64url'),
  ].join('.');
}

export class DecryptionError extends Error {}

export function open(key: Buffer, sealed: string, context: string): string {
  const [version, iv, tag, body] = sealed.split('.');
  if (version !== VERSION || !iv || !tag || body === undefined)
    throw new DecryptionError('unknown ciphertext format');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  } catch {
    throw new DecryptionError('the ciphertext does not open with this key (wrong FAMILY_DATA_KEY?)');
  }
}

export const sealJson = (key: Buffer, value: unknown, context: string) =>
  seal(key, JSON.stringify(value), context);
export const openJson = <T>(key: Buffer, sealed: string, context: string) =>
  JSON.parse(open(key, sealed, context)) as T;
