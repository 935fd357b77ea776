import type { CoordinatorDetail, ProfileUpdateBody, QualificationWithYears } from '@tsunagu/shared';

/** The profile form: the editable fields of a CoordinatorDetail, flattened for inputs. */
export interface ProfileForm {
  displayName: string;
  displayKana: string;
  qualifications: QualificationWithYears[];
  trainingYear: number | null;
  municipalities: string[];
  domains: string[];
  careTypes: string[];
  accepting: boolean;
  introduction: string;
  contact: string;
}

export function formFromDetail(d: CoordinatorDetail): ProfileForm {
  return {
    displayName: d.displayName,
    displayKana: d.displayKana,
    qualifications: d.qualifications.map((q) => ({ code: q.code, years: q.years })),
    trainingYear: d.trainingYear,
    municipalities: [...d.municipalities],
    domains: [...d.domains],
    careTypes: [...d.careTypes],
    accepting: d.accepting,
    introduction: d.introduction,
    contact: d.contact,
  };
}

const sameSet = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/** Only the fields that changed, as PATCH /api/me/profile expects (the organisation is asked for, not set). */
export function profileChanges(form: ProfileForm, original: CoordinatorDetail): ProfileUpdateBody {
  const out: ProfileUpdateBody = {};
  const name = form.displayName.trim();
  if (name !== original.displayName) out.displayName = name;
  const kana = form.displayKana.trim();
  if (kana !== original.displayKana) out.displayKana = kana;
  const quals = form.qualifications.filter((q) => q.code);
  const originalQuals = original.qualifications.map((q) => ({ code: q.code, years: q.years }));
  if (JSON.stringify(quals) !== JSON.stringify(originalQuals))
    out.qualifications = quals.map((q) => ({ code: q.code, years: q.years }));
  if (form.trainingYear !== original.trainingYear) out.trainingYear = form.trainingYear;
  if (!sameSet(form.municipalities, original.municipalities)) out.municipalities = [...form.municipalities];
  if (!sameSet(form.domains, original.domains)) out.domains = [...form.domains];
  if (!sameSet(form.careTypes, original.careTypes)) out.careTypes = [...form.careTypes];
  if (form.accepting !== original.accepting) out.accepting = form.accepting;
  if (form.introduction !== original.introduction) out.introduction = form.introduction;
  if (form.contact !== original.contact) out.contact = form.contact;
  return out;
}
