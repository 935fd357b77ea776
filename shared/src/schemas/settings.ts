import Type, { type Static } from 'typebox';
import { Obj } from './common.ts';

/** How soon the centre aims to answer a consultation first, by priority (in business time). */
export const ResponseTargetSchema = Obj({
  unit: Type.Enum(['hours', 'days']),
  amount: Type.Integer({ minimum: 1, maximum: 60 }),
});
export const ResponseTargets = Obj({
  urgent: ResponseTargetSchema,
  high: ResponseTargetSchema,
  normal: ResponseTargetSchema,
  low: ResponseTargetSchema,
});
export type ResponseTargets = Static<typeof ResponseTargets>;
export const defaultResponseTargets: ResponseTargets = {
  urgent: { unit: 'hours', amount: 4 },
  high: { unit: 'days', amount: 1 },
  normal: { unit: 'days', amount: 3 },
  low: { unit: 'days', amount: 5 },
};
