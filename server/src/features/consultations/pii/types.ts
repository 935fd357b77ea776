import type { piiKinds } from '@tsunagu/shared';

export type PiiKind = (typeof piiKinds)[number];

/** A finding in UTF-16 indices of the text, before conversion to character offsets. */
export interface Span {
  kind: PiiKind;
  start: number;
  end: number;
}
