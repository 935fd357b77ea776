import type { ConsultationCreateBody, ConsultationDetail, Priority } from '@tsunagu/shared';
import { consultationTextFields, type ConsultationTextField } from '@tsunagu/shared/consultation-constants';

/** The text fields checked for personal data, in the order shown (as the server lists them). */
export const textFields = consultationTextFields;
export type TextField = ConsultationTextField;

export interface ConsultationForm {
  title: string;
  categories: string[];
  ageBand: string | null;
  careTypes: string[];
  area: string | null;
  livingSituation: string;
  tried: string;
  asked: string;
  body: string;
  urgency: Priority;
}

export const maxLengths: Record<TextField, number> = {
  title: 200,
  livingSituation: 2000,
  tried: 4000,
  asked: 4000,
  body: 8000,
};

export function emptyForm(): ConsultationForm {
  return {
    title: '',
    categories: [],
    ageBand: null,
    careTypes: [],
    area: null,
    livingSituation: '',
    tried: '',
    asked: '',
    body: '',
    urgency: 'normal',
  };
}

export function formFromDetail(d: ConsultationDetail): ConsultationForm {
  return {
    title: d.title,
    categories: [...d.categories],
    ageBand: d.ageBand,
    careTypes: [...d.careTypes],
    area: d.area,
    livingSituation: d.livingSituation,
    tried: d.tried,
    asked: d.asked,
    body: d.body,
    urgency: d.urgency,
  };
}

export function bodyOf(
  f: ConsultationForm,
  draft: boolean,
  overrideReason: string | null,
): ConsultationCreateBody {
  return {
    title: f.title.trim(),
    categories: f.categories,
    ageBand: f.ageBand,
    careTypes: f.careTypes,
    area: f.area,
    livingSituation: f.livingSituation,
    tried: f.tried,
    asked: f.asked,
    body: f.body,
    urgency: f.urgency,
    draft,
    ...(overrideReason ? { piiOverride: { reason: overrideReason } } : {}),
  };
}
