import { open, seal } from './crypto.ts';
import type { Relation } from './policy.ts';
import type { ReferralRow } from './repository.ts';

/** The label's own encryption context: a label ciphertext never opens as family details, nor elsewhere. */
const contextOf = (referralId: string) => `${referralId}:private-label`;

/** What to store for a label typed by the sender (encrypted; empty removes it). */
export function sealLabel(key: Buffer, referralId: string, label: string | undefined): string | null {
  const text = label?.trim() ?? '';
  return text ? seal(key, text, contextOf(referralId)) : null;
}

/** The sender's label, answered to the sender only: every read path goes through here. */
export function privateLabelFor(
  key: Buffer,
  row: Pick<ReferralRow, 'id' | 'privateLabelCiphertext'>,
  relation: Relation,
): string | null {
  if (relation !== 'sender' || !row.privateLabelCiphertext) return null;
  return open(key, row.privateLabelCiphertext, contextOf(row.id));
}
