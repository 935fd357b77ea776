import { normalizeForSearch } from '@tsunagu/db';
import { vocabularies, type VocabularyName } from '@tsunagu/shared';

/** The vocabularies of a profile that the keyword box searches by label. */
const searched = ['qualifications', 'medicalCareTypes', 'supportDomains'] as const satisfies VocabularyName[];
type Searched = (typeof searched)[number];

/** Each term's labels (Japanese and English), normalised as the keyword is. */
const labelled = searched.map(
  (name) =>
    [
      name,
      vocabularies[name].map((t) => ({
        code: t.code,
        labels: [normalizeForSearch(t.ja), normalizeForSearch(t.en)],
      })),
    ] as const,
);

/**
 * The codes whose label contains the (normalised) keyword: 呼吸器 and 人工呼吸器 → ventilator,
 * 看護師 → nurse, "family support" → family. One character is too little to name a term (師 is in
 * half the qualifications), so a keyword shorter than two finds names only.
 */
export function codesLabelled(q: string): Record<Searched, string[]> {
  const out = { qualifications: [], medicalCareTypes: [], supportDomains: [] } as Record<Searched, string[]>;
  if ([...q].length < 2) return out;
  for (const [name, terms] of labelled)
    out[name] = terms.filter((t) => t.labels.some((label) => label.includes(q))).map((t) => t.code);
  return out;
}
