import { asc } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import type { AreasResponse } from '@tsunagu/shared';

/**
 * The areas of the loaded prefecture, read from the database (loaded from the prefecture file
 * at start), cached in memory since they change only when another file is loaded.
 */
export class AreaDirectory {
  private cache: Promise<AreasResponse> | undefined;
  private areaOf: Map<string, string> | undefined;
  constructor(private readonly db: Db) {}

  all(): Promise<AreasResponse> {
    this.cache ??= this.load().catch((e) => {
      this.cache = undefined;
      throw e;
    });
    return this.cache;
  }

  /** municipality code → 圏域 code */
  async areaOfMunicipality(): Promise<Map<string, string>> {
    if (!this.areaOf) {
      const { areas } = await this.all();
      this.areaOf = new Map(areas.flatMap((a) => a.municipalities.map((m) => [m.code, a.code] as const)));
    }
    return this.areaOf;
  }

  invalidate() {
    this.cache = undefined;
    this.areaOf = undefined;
  }

  private async load(): Promise<AreasResponse> {
    const [prefecture] = await this.db.select().from(schema.prefectures).limit(1);
    const areas = await this.db.select().from(schema.areas).orderBy(asc(schema.areas.position));
    const municipalities = await this.db
      .select()
      .from(schema.municipalities)
      .orderBy(asc(schema.municipalities.position));
    return {
      prefecture: prefecture ?? { code: '', name: '', nameEn: '' },
      areas: areas.map((a) => ({
        code: a.code,
        name: a.name,
        nameEn: a.nameEn,
        municipalities: municipalities
          .filter((m) => m.areaCode === a.code)
          .map((m) => ({ code: m.code, name: m.name, kana: m.kana })),
      })),
    };
  }
}
