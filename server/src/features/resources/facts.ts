import { searchGramsOf, searchTextOf } from '@tsunagu/db';
import {
  labelOf,
  type AcceptedCare,
  type AcceptedCareBody,
  type CapacityState,
  type WaitEstimate,
} from '@tsunagu/shared';
import { AppError } from '../../lib/errors.ts';
import type * as repo from './repository.ts';

/** The facts of a resource a person edits; everything else is derived from them. */
export interface ResourceFacts {
  serviceType: string;
  name: string;
  description: string;
  municipalities: string[];
  careAccepted: AcceptedCare[];
  ageMin: number | null;
  ageMax: number | null;
  capacity: CapacityState;
  waitEstimate: WaitEstimate | null;
  contact: string;
  notes: string;
}

/** Where a fact is wrong: the field and a sentence in both languages. */
export interface FactProblem {
  field: string;
  ja: string;
  en: string;
}

/** Checks the rules a schema cannot say; returns every problem (the import reports them per row). */
export function checkFacts(facts: ResourceFacts, areaOf: ReadonlyMap<string, string>): FactProblem[] {
  const problems: FactProblem[] = [];
  const unknown = facts.municipalities.filter((m) => !areaOf.has(m));
  if (unknown.length)
    problems.push({
      field: 'municipalities',
      ja: `この県にない市町村コードです: ${unknown.join(', ')}`,
      en: `not municipalities of this prefecture: ${unknown.join(', ')}`,
    });
  if (facts.ageMin !== null && facts.ageMax !== null && facts.ageMin > facts.ageMax)
    problems.push({
      field: 'ageMax',
      ja: `対象年齢の上限（${facts.ageMax}歳）が下限（${facts.ageMin}歳）より小さくなっています`,
      en: `the maximum age (${facts.ageMax}) is below the minimum age (${facts.ageMin})`,
    });
  const codes = facts.careAccepted.map((c) => c.code);
  const twice = codes.find((c, i) => codes.indexOf(c) !== i);
  if (twice)
    problems.push({
      field: 'careAccepted',
      ja: `医療的ケア「${labelOf('medicalCareTypes', twice)}」が重複しています`,
      en: `care type "${twice}" is listed twice`,
    });
  for (const c of facts.careAccepted)
    if (c.minAge !== null && c.maxAge !== null && c.minAge > c.maxAge)
      problems.push({
        field: 'careAccepted',
        ja: `「${labelOf('medicalCareTypes', c.code)}」の年齢の上限が下限より小さくなっています`,
        en: `for "${c.code}" the maximum age is below the minimum age`,
      });
  if (facts.capacity === 'waitlist' && !facts.waitEstimate)
    problems.push({
      field: 'waitEstimate',
      ja: '待機ありの場合は、待機期間の目安（1か月未満・1〜3か月・3か月以上）を選んでください',
      en: 'with a waitlist, give the rough wait (under_1m, 1_3m, over_3m)',
    });
  if (facts.capacity !== 'waitlist' && facts.waitEstimate)
    problems.push({
      field: 'waitEstimate',
      ja: '待機期間の目安は「待機あり」のときだけ指定できます',
      en: 'a wait estimate is only given with a waitlist',
    });
  return problems;
}

export function refuse(problems: FactProblem[]): never {
  const first = problems[0]!;
  throw new AppError(
    'validation',
    problems.map((p) => ({ field: p.field, message: `${p.ja} / ${p.en}` })),
    {
      ja: `入力内容に誤りがあります: ${first.field} — ${first.ja}`,
      en: `Invalid input: ${first.field} — ${first.en}`,
    },
  );
}

/** The derived columns: 圏域 from the municipalities, care codes for the index, the search text. */
export function projectResource(facts: ResourceFacts, areaOf: ReadonlyMap<string, string>) {
  // The organisation's name is matched at query time (it may be renamed), so it is not copied here.
  const searchText = searchTextOf([facts.name, labelOf('serviceTypes', facts.serviceType)]);
  return {
    municipalityCodes: facts.municipalities,
    areaCodes: [...new Set(facts.municipalities.map((m) => areaOf.get(m)).filter((a): a is string => !!a))],
    careTypes: facts.careAccepted.map((c) => c.code),
    careAccepted: facts.careAccepted,
    searchText,
    searchGrams: searchGramsOf(searchText),
  };
}

export const normaliseCare = (list: AcceptedCareBody[]): AcceptedCare[] =>
  list.map((c) => ({ code: c.code, minAge: c.minAge ?? null, maxAge: c.maxAge ?? null }));

export function factsOf(row: repo.ResourceRow): ResourceFacts {
  return {
    serviceType: row.serviceType,
    name: row.name,
    description: row.description,
    municipalities: row.municipalityCodes,
    careAccepted: row.careAccepted,
    ageMin: row.ageMin,
    ageMax: row.ageMax,
    capacity: row.capacity as CapacityState,
    waitEstimate: row.waitEstimate as WaitEstimate | null,
    contact: row.contact,
    notes: row.notes,
  };
}

/** JSON with object keys sorted: jsonb does not keep the order keys were written in. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, value: unknown) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(
          Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : value,
  );

/** The fields that differ, with their values before and after. */
export function diffFacts(before: ResourceFacts, after: ResourceFacts) {
  const previous: Record<string, unknown> = {};
  const changes: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof ResourceFacts)[]) {
    if (canonical(before[key]) === canonical(after[key])) continue;
    previous[key] = before[key];
    changes[key] = after[key];
  }
  return { previous, changes };
}
