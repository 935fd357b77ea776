import type { ConsentBody, ReferralCreateBody, ReferralDetail, ReferralPatchBody } from '@tsunagu/shared';

export type ConsentMethod = ConsentBody['method'];
export type Urgency = NonNullable<ReferralCreateBody['urgency']>;
export const consentMethods = ['written', 'verbal', 'other'] as const satisfies readonly ConsentMethod[];
export const urgencies = ['urgent', 'high', 'normal', 'low'] as const satisfies readonly Urgency[];

export type RecipientType = 'resource' | 'coordinator';
export const recipientTypes = ['resource', 'coordinator'] as const satisfies readonly RecipientType[];

/** Who the referral goes to: a resource or a coordinator, with a name to show. */
export interface Recipient {
  type: RecipientType;
  id: string;
  name: string;
}

export interface ReferralForm {
  need: string;
  careTypes: string[];
  ageBand: string | null;
  area: string | null;
  urgency: Urgency;
  family: { name: string; contact: string; address: string; notes: string };
  consent: { date: string; method: ConsentMethod | null; note: string };
  /** My own label to tell my families apart: never shown to the recipient. */
  privateLabel: string;
}

export function emptyForm(): ReferralForm {
  return {
    need: '',
    careTypes: [],
    ageBand: null,
    area: null,
    urgency: 'normal',
    family: { name: '', contact: '', address: '', notes: '' },
    consent: { date: '', method: null, note: '' },
    privateLabel: '',
  };
}

/** A draft back into the form; the family's details stay on the server (each read is audited). */
export function formFromDetail(d: ReferralDetail): ReferralForm {
  const f = emptyForm();
  f.need = d.need ?? '';
  f.careTypes = [...d.careTypes];
  f.ageBand = d.ageBand;
  f.area = d.area;
  f.urgency = d.urgency;
  f.privateLabel = d.privateLabel ?? '';
  if (d.consent?.coversRecipient)
    f.consent = { date: d.consent.date, method: d.consent.method, note: d.consent.note };
  return f;
}

export function recipientOfDetail(d: ReferralDetail): Recipient | null {
  if (d.resource) return { type: 'resource', id: d.resource.id, name: d.resource.name };
  if (d.recipientUser)
    return { type: 'coordinator', id: d.recipientUser.id, name: d.recipientUser.displayName };
  return null;
}

/** Today in Japan, as YYYY-MM-DD (the default consent date). */
export function todayInJapan(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(now);
}

/**
 * The body to create or update the draft. The consent goes only once its date and method are
 * filled in, always for the chosen recipient; without it the server refuses to send.
 */
export function referralBody(f: ReferralForm, to: Recipient | null): ReferralCreateBody & ReferralPatchBody {
  const family = f.family.name.trim()
    ? {
        family: {
          name: f.family.name.trim(),
          contact: f.family.contact.trim(),
          address: f.family.address.trim(),
          notes: f.family.notes.trim(),
        },
      }
    : {};
  const consent =
    to && f.consent.date && f.consent.method
      ? {
          consent: {
            date: f.consent.date,
            method: f.consent.method,
            note: f.consent.note.trim(),
            recipientType: to.type,
            recipientId: to.id,
          },
        }
      : {};
  const recipient = to ? (to.type === 'resource' ? { resourceId: to.id } : { recipientUserId: to.id }) : {};
  return {
    ...recipient,
    need: f.need.trim(),
    careTypes: f.careTypes,
    ageBand: f.ageBand,
    area: f.area,
    urgency: f.urgency,
    privateLabel: f.privateLabel.trim(),
    ...family,
    ...consent,
  };
}

/** The age band (vocabulary ageBands) of an age in years, as the resource search asks by age. */
export function ageBandOfAge(age: number): string {
  if (age < 1) return 'infant';
  if (age <= 2) return 'toddler';
  if (age <= 5) return 'preschool';
  if (age <= 11) return 'elementary';
  if (age <= 14) return 'junior_high';
  if (age <= 17) return 'high_school';
  return 'adult';
}
