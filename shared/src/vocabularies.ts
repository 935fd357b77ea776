import raw from './vocabularies.json' with { type: 'json' };

/** A controlled-vocabulary term: store the code, show the label. */
export interface Term {
  code: string;
  ja: string;
  en: string;
}

export const vocabularyNames = [
  'qualifications',
  'organizationTypes',
  'serviceTypes',
  'medicalCareTypes',
  'supportDomains',
  'activityTypes',
  'consultationCategories',
  'ageBands',
  'announcementCategories',
] as const;
export type VocabularyName = (typeof vocabularyNames)[number];

export type Vocabularies = Record<VocabularyName, Term[]>;

export const vocabularies: Vocabularies = Object.fromEntries(
  vocabularyNames.map((name) => [
    name,
    (raw as unknown as Record<string, Term[]>)[name]!.map(({ code, ja, en }) => ({ code, ja, en })),
  ]),
) as Vocabularies;

export function codesOf(name: VocabularyName): string[] {
  return vocabularies[name].map((t) => t.code);
}

export function labelOf(name: VocabularyName, code: string, locale: 'ja' | 'en' = 'ja'): string {
  return vocabularies[name].find((t) => t.code === code)?.[locale] ?? code;
}

/** Finds a code from a code or a label in either language (used by CSV import). */
export function findCode(name: VocabularyName, codeOrLabel: string): string | undefined {
  const needle = codeOrLabel.trim();
  return vocabularies[name].find((t) => t.code === needle || t.ja === needle || t.en === needle)?.code;
}
