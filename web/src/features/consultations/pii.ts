import type { FieldPiiFinding } from '@tsunagu/shared';
import { piiKinds, type PiiKind } from '@tsunagu/shared/consultation-constants';
import type { ApiError } from '@/api/client.ts';
import type { MessageKey } from '@/i18n/index.ts';

export type { PiiKind };

export function piiKindKey(kind: string): MessageKey {
  return (piiKinds as readonly string[]).includes(kind)
    ? (`pii.kinds.${kind as PiiKind}` as const)
    : 'pii.kinds.other';
}

export interface Segment {
  text: string;
  /** The finding's kind when this segment is flagged. */
  kind: string | null;
}

/**
 * Splits a text into plain and flagged segments. Offsets are in characters (code points),
 * as the server counts them; overlapping findings are merged into the first.
 */
export function segmentsOf(
  text: string,
  findings: readonly { kind: string; start: number; end: number }[],
): Segment[] {
  const chars = [...text];
  const sorted = [...findings].filter((f) => f.end > f.start).sort((a, b) => a.start - b.start);
  const out: Segment[] = [];
  let at = 0;
  for (const f of sorted) {
    const start = Math.max(f.start, at);
    const end = Math.min(f.end, chars.length);
    if (end <= start) continue;
    if (start > at) out.push({ text: chars.slice(at, start).join(''), kind: null });
    out.push({ text: chars.slice(start, end).join(''), kind: f.kind });
    at = end;
  }
  if (at < chars.length) out.push({ text: chars.slice(at).join(''), kind: null });
  return out;
}

/** The flagged text of a finding (for listing findings in words). */
export function excerpt(text: string, f: { start: number; end: number }): string {
  return [...text].slice(f.start, f.end).join('');
}

/** The findings of a `pii_found` refusal, read from its details (`{field, message: "kind start-end"}`). */
export function findingsOfError(e: ApiError | null): FieldPiiFinding[] {
  if (!e || e.code !== 'pii_found') return [];
  const out: FieldPiiFinding[] = [];
  for (const d of e.details) {
    const m = /^(\w+) (\d+)-(\d+)$/.exec(d.message);
    if (d.field && m) out.push({ field: d.field, kind: m[1]!, start: Number(m[2]), end: Number(m[3]) });
  }
  return out;
}
