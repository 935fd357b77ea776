import { normalizeForSearch, searchGramsOf, searchTextOf } from './search-text.ts';

export interface ProfileFacts {
  displayName: string;
  displayKana: string;
  organization: { name: string; kana: string; type: string } | null;
  qualifications: { code: string; years: number }[];
  municipalityCodes: string[];
  introduction?: string;
}

/**
 * The denormalised columns of a directory entry, derived from its facts: the 圏域 follow
 * from the municipalities covered, and the search columns from names and organisation
 * (and the introduction's, searched apart).
 */
export function projectProfile(facts: ProfileFacts, areaOfMunicipality: ReadonlyMap<string, string>) {
  const searchText = searchTextOf([
    facts.displayName,
    facts.displayKana,
    facts.organization?.name,
    facts.organization?.kana,
  ]);
  const areaCodes = [
    ...new Set(facts.municipalityCodes.map((m) => areaOfMunicipality.get(m)).filter((a): a is string => !!a)),
  ];
  return {
    displayName: facts.displayName,
    displayKana: facts.displayKana,
    orgType: facts.organization?.type ?? null,
    qualificationCodes: facts.qualifications.map((q) => q.code),
    areaCodes,
    searchText,
    searchGrams: searchGramsOf(searchText),
    // Searched on its own (not in searchText): ranking and 1–2 character queries stay on names.
    introductionSearch: normalizeForSearch(facts.introduction ?? ''),
  };
}
