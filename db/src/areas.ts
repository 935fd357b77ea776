import { sql } from 'drizzle-orm';
import type { RegionFile } from '@tsunagu/shared';
import type { Db } from './connection.ts';
import { areas, municipalities, prefectures } from './schema.ts';

/** Loads (or refreshes) a prefecture file's areas and municipalities; codes are kept as given. */
export async function loadRegionFile(db: Db, file: RegionFile): Promise<void> {
  await db.transaction(async (tx) => {
    const p = file.prefecture;
    await tx
      .insert(prefectures)
      .values({ code: p.code, name: p.name, nameEn: p.nameEn })
      .onConflictDoUpdate({ target: prefectures.code, set: { name: p.name, nameEn: p.nameEn } });
    for (const [i, a] of file.areas.entries()) {
      await tx
        .insert(areas)
        .values({ code: a.code, prefectureCode: p.code, name: a.name, nameEn: a.nameEn, position: i })
        .onConflictDoUpdate({
          target: areas.code,
          set: { name: a.name, nameEn: a.nameEn, position: i, prefectureCode: p.code },
        });
      if (a.municipalities.length === 0) continue;
      await tx
        .insert(municipalities)
        .values(
          a.municipalities.map((m, j) => ({
            code: m.code,
            areaCode: a.code,
            name: m.name,
            kana: m.kana,
            position: j,
          })),
        )
        .onConflictDoUpdate({
          target: municipalities.code,
          set: {
            areaCode: sql`excluded.area_code`,
            name: sql`excluded.name`,
            kana: sql`excluded.kana`,
            position: sql`excluded.position`,
          },
        });
    }
  });
}
