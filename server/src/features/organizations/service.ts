import { and, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import type {
  OrganizationRecord,
  OrganizationBody,
  OrganizationListQuery,
  OrganizationPatchBody,
} from '@tsunagu/shared';
import { audit } from '../../lib/audit.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import type { DirectoryContext } from '../directory/service.ts';
import { saveProfile } from '../directory/service.ts';
import { containsPattern } from '../../lib/sql.ts';
import { canCreateOrganization, canEditOrganization, organizationCan } from './policy.ts';

const { organizations } = schema;
type Row = typeof organizations.$inferSelect;

export const toOrganization = (actor: Actor, o: Row): OrganizationRecord => ({
  id: o.id,
  name: o.name,
  kana: o.kana,
  type: o.type,
  municipalityCode: o.municipalityCode,
  address: o.address,
  phone: o.phone,
  website: o.website,
  updatedAt: o.updatedAt.toISOString(),
  can: organizationCan(actor),
});

export async function listOrganizations(db: Db, actor: Actor, query: OrganizationListQuery) {
  const page = query.page ?? 1;
  const pageSize = query.pageSize ?? 20;
  const conditions: SQL[] = [];
  if (query.type?.length) conditions.push(inArray(organizations.type, query.type));
  if (query.municipality?.length)
    conditions.push(inArray(organizations.municipalityCode, query.municipality));
  const q = query.q?.trim();
  if (q)
    conditions.push(sql`(${organizations.name} || ' ' || ${organizations.kana}) ILIKE ${containsPattern(q)}`);
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select()
      .from(organizations)
      .where(where)
      .orderBy(organizations.kana, organizations.name)
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(organizations).where(where),
  ]);
  return { items: rows.map((o) => toOrganization(actor, o)), total: total?.n ?? 0, page, pageSize };
}

async function findOrganization(db: Db, id: string) {
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
  if (!row) throw notFound();
  return row;
}

export async function getOrganization(db: Db, actor: Actor, id: string) {
  return toOrganization(actor, await findOrganization(db, id));
}

const refused = () =>
  new AppError('forbidden', undefined, {
    ja: '機関を登録・変更できるのはセンター職員と管理者だけです。',
    en: 'Only centre staff and admins add or change organisations.',
  });

async function checkMunicipality(ctx: DirectoryContext, code: string | null | undefined) {
  if (!code) return;
  if (!(await ctx.areas.areaOfMunicipality()).has(code))
    throw new AppError('validation', [
      {
        field: 'municipalityCode',
        message: `市町村コード「${code}」はこの県にありません / municipality "${code}" is not in this prefecture`,
      },
    ]);
}

const duplicate = () =>
  new AppError('conflict', undefined, {
    ja: '同じ市町村に同じ名前の機関がすでにあります。',
    en: 'An organisation with this name already exists in this municipality.',
  });

const isUniqueViolation = (e: unknown) =>
  (e as { code?: string; cause?: { code?: string } }).code === '23505' ||
  (e as { cause?: { code?: string } }).cause?.code === '23505';

export async function createOrganization(
  ctx: DirectoryContext,
  actor: Actor,
  body: OrganizationBody,
  ip: string | null,
) {
  if (!canCreateOrganization(actor)) throw refused();
  await checkMunicipality(ctx, body.municipalityCode);
  try {
    const [row] = await ctx.db
      .insert(organizations)
      .values({ ...body, kana: body.kana ?? '', municipalityCode: body.municipalityCode ?? null })
      .returning();
    await audit(ctx.db, {
      actorId: actor.userId,
      action: 'organization.created',
      targetType: 'organization',
      targetId: row!.id,
      ip,
    });
    return toOrganization(actor, row!);
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate();
    throw e;
  }
}

export async function updateOrganization(
  ctx: DirectoryContext,
  actor: Actor,
  id: string,
  body: OrganizationPatchBody,
  ip: string | null,
) {
  await findOrganization(ctx.db, id);
  if (!canEditOrganization(actor)) throw refused();
  await checkMunicipality(ctx, body.municipalityCode);
  try {
    const [row] = await ctx.db
      .update(organizations)
      .set({ ...body, updatedAt: new Date() })
      .where(eq(organizations.id, id))
      .returning();
    await audit(ctx.db, {
      actorId: actor.userId,
      action: 'organization.updated',
      targetType: 'organization',
      targetId: id,
      detail: { fields: Object.keys(body) },
      ip,
    });
    // The directory's search columns carry the organisation's name and type: recompute them.
    if (body.name !== undefined || body.kana !== undefined || body.type !== undefined) {
      const members = await ctx.db
        .select({ userId: schema.coordinatorProfiles.userId })
        .from(schema.coordinatorProfiles)
        .where(eq(schema.coordinatorProfiles.organizationId, id));
      for (const m of members) await saveProfile(ctx, m.userId, {});
    }
    return toOrganization(actor, row!);
  } catch (e) {
    if (isUniqueViolation(e)) throw duplicate();
    throw e;
  }
}
