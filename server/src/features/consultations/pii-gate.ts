import type { FieldPiiFinding } from '@tsunagu/shared';
import { AppError } from '../../lib/errors.ts';
import { findPersonalData } from './pii.ts';

/** Personal-data findings in each text field; an override with a reason lets the author post anyway. */
export function checkTexts(texts: Partial<Record<string, string>>): FieldPiiFinding[] {
  return Object.entries(texts).flatMap(([field, text]) =>
    text ? findPersonalData(text).map((f) => ({ field, ...f })) : [],
  );
}

export function refuseUnlessOverridden(
  findings: FieldPiiFinding[],
  override: { reason: string } | undefined,
) {
  if (findings.length && !override)
    throw new AppError(
      'pii_found',
      findings.map((f) => ({ field: f.field, message: `${f.kind} ${f.start}-${f.end}` })),
      undefined,
      { findings },
    );
}
