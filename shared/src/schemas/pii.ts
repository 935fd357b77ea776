import Type, { type Static } from 'typebox';
import { piiKinds } from '../consultation-constants.ts';
import { Line, Obj } from './common.ts';

/** The personal-data check of consultations, replies and case reports. */
export const PiiCheckBody = Obj({ text: Type.String({ maxLength: 20000 }) });
export type PiiCheckBody = Static<typeof PiiCheckBody>;
export const PiiFinding = Type.Object({
  kind: Type.Enum([...piiKinds]),
  start: Type.Integer(),
  end: Type.Integer(),
});
export type PiiFinding = Static<typeof PiiFinding>;
export const PiiCheckResponse = Type.Object({ findings: Type.Array(PiiFinding) });
export type PiiCheckResponse = Static<typeof PiiCheckResponse>;
/** A finding located in one field of a consultation, reply or case report. */
export const FieldPiiFinding = Type.Object({
  field: Type.String(),
  kind: Type.String(),
  start: Type.Integer(),
  end: Type.Integer(),
});
export type FieldPiiFinding = Static<typeof FieldPiiFinding>;

/** Posting despite findings, with the author's reason (the centre sees it). */
export const PiiOverride = Obj({ reason: Line(500, 2) });
