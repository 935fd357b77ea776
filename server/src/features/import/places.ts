import type { AreasResponse } from '@tsunagu/shared';
import { fold } from './columns.ts';

/** The prefecture's municipalities, for codes and names in the list. */
export interface Places {
  codes: Set<string>;
  byName: Map<string, string>;
  /** 圏域 name → its municipalities (accepted in 担当市町村) */
  areas: Map<string, string[]>;
  prefectureName: string;
}

export function placesOf({ prefecture, areas }: AreasResponse): Places {
  const places: Places = {
    codes: new Set(),
    byName: new Map(),
    areas: new Map(),
    prefectureName: prefecture.name,
  };
  for (const area of areas) {
    const codes = area.municipalities.map((m) => m.code);
    for (const name of [area.name, area.name.replace(/圏域$/, ''), area.nameEn, area.code])
      if (name) places.areas.set(fold(name), codes);
    for (const m of area.municipalities) {
      places.codes.add(m.code);
      places.byName.set(fold(m.name), m.code);
      places.byName.set(fold(prefecture.name + m.name), m.code);
    }
  }
  return places;
}

/** A JIS code (5 digits, or 6 with the check digit) or a name of this prefecture's municipality. */
export function municipalityCode(places: Places, value: string): string | undefined {
  const digits = value.normalize('NFKC').trim();
  if (/^\d{5}$/.test(digits)) return places.codes.has(digits) ? digits : undefined;
  if (/^\d{6}$/.test(digits)) return places.codes.has(digits.slice(0, 5)) ? digits.slice(0, 5) : undefined;
  return places.byName.get(fold(value));
}
