import { dictionary } from '@zxcvbn-ts/language-common';
import { AppError } from '../../lib/errors.ts';

const common = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
// Passwords people in this field would reach for first; the common list is English-centric.
for (const p of ['tsunagu', 'tsunagu123', 'iryoutekicare', 'coordinator', 'password1234567', 'tottori123'])
  common.add(p);

export const MIN_LENGTH_WITH_TOTP = 8;
export const MIN_LENGTH_WITHOUT_TOTP = 13;

/**
 * NIST SP 800-63B style: a length floor (8 with a second factor, 13 without), no composition
 * rules, and no password from the common-passwords list.
 */
export function checkPassword(password: string, hasSecondFactor: boolean, email?: string): void {
  const min = hasSecondFactor ? MIN_LENGTH_WITH_TOTP : MIN_LENGTH_WITHOUT_TOTP;
  const length = [...password].length;
  if (length < min)
    throw new AppError(
      'weak_password',
      [{ field: 'password', message: `${min}文字以上 / at least ${min} characters` }],
      {
        ja: `パスワードは${min}文字以上にしてください${hasSecondFactor ? '' : '（二段階認証を使う場合は8文字以上）'}。`,
        en: `The password must have at least ${min} characters${hasSecondFactor ? '' : ' (8 with two-step verification)'}.`,
      },
    );
  const lowered = password.toLowerCase();
  if (common.has(lowered) || (email && lowered === email.toLowerCase()) || /^(.)\1+$/.test(password))
    throw new AppError(
      'weak_password',
      [{ field: 'password', message: 'よく使われるパスワード / a common password' }],
      {
        ja: 'よく使われている（推測されやすい）パスワードです。別のものにしてください。',
        en: 'This is a commonly used, easily guessed password. Please choose another.',
      },
    );
}
