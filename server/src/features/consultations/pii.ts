/**
 * Finds personal data in consultation text before it is accepted: the child and family must not
 * be identifiable. Rules, not a model (pii/): names with an honorific or a label, contact details
 * (phone, e-mail, URL, SNS account), identifying numbers (My Number, 受給者証, 保険証, カルテ…),
 * postal codes, addresses, exact and birth dates, named schools and classes. Offsets are in
 * characters (code points) of the original text. Linear in the text's length (bounded patterns).
 */
import { findNames } from './pii/names.ts';
import { findPatterns } from './pii/patterns.ts';
import { findSchools } from './pii/school.ts';
import type { PiiKind, Span } from './pii/types.ts';
import { normalisedView } from './pii/view.ts';

export type { PiiKind } from './pii/types.ts';

export interface PiiFinding {
  kind: PiiKind;
  start: number;
  end: number;
}

// Where two findings overlap, the more specific kind is kept (a 受給者証番号 is not also a phone).
const PRIORITY: PiiKind[] = [
  'email',
  'url',
  'sns_account',
  'certificate_number',
  'insurance_number',
  'medical_record_number',
  'my_number',
  'id_number',
  'birth_date',
  'date',
  'postal_code',
  'phone',
  'address',
  'school',
  'name',
];
const rank = (kind: PiiKind) => PRIORITY.indexOf(kind);

export function findPersonalData(text: string): PiiFinding[] {
  const view = normalisedView(text);
  const found: Span[] = [];
  findNames(text, view, found);
  findPatterns(text, view, found);
  findSchools(text, found);
  found.sort((a, b) => a.start - b.start || rank(a.kind) - rank(b.kind) || b.end - a.end);
  // One sweep: kept findings do not overlap and are in order, so only the last can overlap the next.
  // Overlapping findings merge into one span (all of it is to be removed) of the more specific kind.
  const kept: Span[] = [];
  for (const f of found) {
    const last = kept.at(-1);
    if (!last || f.start >= last.end) kept.push({ ...f });
    else {
      last.end = Math.max(last.end, f.end);
      if (rank(f.kind) < rank(last.kind)) last.kind = f.kind;
    }
  }
  return toCodePoints(text, kept);
}

/** UTF-16 indices → code point offsets, so offsets count characters beyond the BMP too (𠮷). One pass. */
function toCodePoints(text: string, spans: Span[]): PiiFinding[] {
  const marks = spans.flatMap((s) => [s.start, s.end]).sort((a, b) => a - b);
  const at = new Map<number, number>();
  let i = 0;
  let cp = 0;
  for (const mark of marks) {
    for (; i < mark; i++) {
      const c = text.charCodeAt(i);
      if (!(
        c >= 0xdc00 &&
        c <= 0xdfff &&
        i > 0 &&
        text.charCodeAt(i - 1) >= 0xd800 &&
        text.charCodeAt(i - 1) <= 0xdbff
      ))
        cp++;
    }
    at.set(mark, cp);
  }
  return spans.map((s) => ({ kind: s.kind, start: at.get(s.start)!, end: at.get(s.end)! }));
}
