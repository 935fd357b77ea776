// Plain constants of consultations and case reports, importable by the web app without pulling in the schemas.

export const consultationStatuses = [
  'draft',
  'new',
  'triaged',
  'in_progress',
  'answered',
  'closed',
  'reopened',
] as const;
export type ConsultationStatus = (typeof consultationStatuses)[number];

export const priorities = ['urgent', 'high', 'normal', 'low'] as const;
export type Priority = (typeof priorities)[number];

/** Kinds of personal data the check finds (README: Consultations → the personal-data check). */
export const piiKinds = [
  'name',
  'phone',
  'email',
  'postal_code',
  'address',
  'birth_date',
  'date',
  'my_number',
  'certificate_number',
  'insurance_number',
  'medical_record_number',
  'id_number',
  'url',
  'sns_account',
  'school',
] as const;
export type PiiKind = (typeof piiKinds)[number];

/** The text fields checked for personal data, in the order shown. */
export const consultationTextFields = ['title', 'livingSituation', 'tried', 'asked', 'body'] as const;
export type ConsultationTextField = (typeof consultationTextFields)[number];

export const consultationSorts = ['due', 'priority', '-created', 'created', '-updated'] as const;

export const caseReportStatuses = ['draft', 'in_review', 'published', 'returned'] as const;
export type CaseReportStatus = (typeof caseReportStatuses)[number];

/** What a consultation needs before it can be posted (a draft may lack them); `area` is the field `areaCode`. */
export const consultationFieldsToPost = ['title', 'categories', 'asked', 'ageBand', 'area'] as const;
export type ConsultationFieldToPost = (typeof consultationFieldsToPost)[number];
