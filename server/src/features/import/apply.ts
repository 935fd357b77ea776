import { and, eq, inArray, sql } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import type { ImportReport, ImportRowError } from '@tsunagu/shared';
import { AppError } from '../../lib/errors.ts';
import type { Actor } from '../../types.ts';
import { invite, type InviteContext } from '../accounts/invitations.ts';
import { saveProfile, type ProfileWrite } from '../directory/service.ts';
import type { HeaderMap } from './columns.ts';
import type { CoordinatorRow } from './rows.ts';

const { organizations, users, coordinatorProfiles } = schema;

/** The report keeps this many row errors; a file with more is mostly the wrong file. */
export const MAX_REPORTED_ERRORS = 2000;

/** What one row did. */
export type Outcome = 'invited' | 'updated' | 'unchanged';

/** A row the database refused for a reason the person can fix. */
class RowRefused extends Error {
  constructor(
    readonly column: string | undefined,
    readonly reason: string,
    readonly reasonEn: string,
  ) {
    super(reasonEn);
  }
}

/** One run of an import: what it knows and what it has found so far. */
export interface Run {
  ctx: InviteContext;
  actor: Actor;
  dryRun: boolean;
  header: HeaderMap;
  /** organisation key → id (existing, and those created by this run) */
  organizations: Map<string, string>;
  /** organisations a dry run would create */
  plannedOrganizations: Set<string>;
  report: ImportReport;
  errorCount: number;
}

export function addError(run: Run, error: ImportRowError) {
  run.errorCount++;
  if (run.report.errors.length < MAX_REPORTED_ERRORS) run.report.errors.push(error);
}

// ── What a row changes ──

interface Existing {
  user: { id: string; role: string; status: string; displayName: string; displayKana: string };
  profile: typeof coordinatorProfiles.$inferSelect | undefined;
}

const sameSet = (a: readonly string[], b: readonly string[]) => {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
};

/** Whether applying `changes` would alter an invited person's entry (a second run changes nothing). */
function wouldChange({ user, profile }: Existing, changes: ProfileWrite): boolean {
  if (!profile) return true;
  if (changes.displayName !== undefined && changes.displayName !== user.displayName) return true;
  if (changes.displayKana !== undefined && changes.displayKana !== user.displayKana) return true;
  if (changes.organizationId !== undefined && changes.organizationId !== profile.organizationId) return true;
  if (
    changes.qualifications &&
    !sameSet(
      changes.qualifications.map((q) => `${q.code}:${q.years}`),
      profile.qualifications.map((q) => `${q.code}:${q.years}`),
    )
  )
    return true;
  if (changes.trainingYear !== undefined && changes.trainingYear !== profile.trainingYear) return true;
  if (changes.municipalities && !sameSet(changes.municipalities, profile.municipalityCodes)) return true;
  if (changes.careTypes && !sameSet(changes.careTypes, profile.careTypes)) return true;
  if (changes.domains && !sameSet(changes.domains, profile.domains)) return true;
  if (changes.accepting !== undefined && changes.accepting !== profile.accepting) return true;
  if (changes.contact !== undefined && changes.contact !== profile.contact) return true;
  return false;
}

const roleLabel: Record<string, [string, string]> = {
  supporter: ['支援事業所スタッフ', 'supporter'],
  center_staff: ['支援センター職員', 'centre staff'],
  admin: ['管理者', 'admin'],
};

function otherRole(run: Run, role: string): RowRefused {
  const [ja, en] = roleLabel[role] ?? [role, role];
  return new RowRefused(
    run.header.label.email,
    `このメールアドレスは${ja}として招待済みのアカウントです。コーディネーターとして取り込めません。`,
    `This e-mail address belongs to an account invited as ${en}; it cannot be imported as a coordinator.`,
  );
}

const changesOf = (row: CoordinatorRow, organizationId: string): ProfileWrite => ({
  displayName: row.displayName,
  ...(row.displayKana !== undefined ? { displayKana: row.displayKana } : {}),
  organizationId,
  ...row.profile,
});

/** Accounts with these e-mail addresses, with their directory entries. */
async function existingAccounts(db: Db, emailKeys: string[]): Promise<Map<string, Existing>> {
  if (!emailKeys.length) return new Map();
  const rows = await db
    .select({
      user: {
        id: users.id,
        role: users.role,
        status: users.status,
        displayName: users.displayName,
        displayKana: users.displayKana,
        email: users.email,
      },
      profile: coordinatorProfiles,
    })
    .from(users)
    .leftJoin(coordinatorProfiles, eq(coordinatorProfiles.userId, users.id))
    .where(inArray(sql`lower(${users.email})`, emailKeys));
  return new Map(
    rows.map((r) => [r.user.email.toLowerCase(), { user: r.user, profile: r.profile ?? undefined }]),
  );
}

/** A dry run: what the import would do, reading only. */
export async function predict(run: Run, rows: CoordinatorRow[]): Promise<(Outcome | null)[]> {
  const accounts = await existingAccounts(
    run.ctx.db,
    rows.map((r) => r.emailKey),
  );
  return rows.map((row) => {
    const existing = accounts.get(row.emailKey);
    if (existing && existing.user.status !== 'invited') return 'unchanged';
    if (existing && existing.user.role !== 'coordinator') {
      const refused = otherRole(run, existing.user.role);
      addError(run, {
        line: row.line,
        column: refused.column,
        reason: refused.reason,
        reasonEn: refused.reasonEn,
      });
      return null;
    }
    const key = row.organization.key;
    let organizationId = run.organizations.get(key);
    if (!organizationId) {
      if (!run.plannedOrganizations.has(key)) {
        run.plannedOrganizations.add(key);
        run.report.organizationsCreated++;
      }
      organizationId = `planned:${key}`;
    }
    if (!existing) return 'invited';
    return wouldChange(existing, changesOf(row, organizationId)) ? 'updated' : 'unchanged';
  });
}

/** The import: each row in a transaction of its own, so a refused row leaves nothing behind. */
export async function write(run: Run, rows: CoordinatorRow[]): Promise<(Outcome | null)[]> {
  const outcomes: (Outcome | null)[] = [];
  for (const row of rows) {
    let organization: { id: string; created: boolean } | undefined;
    try {
      const outcome = await run.ctx.db.transaction(async (tx) => {
        const db = tx as unknown as Db;
        organization = undefined;
        const existing = (await existingAccounts(db, [row.emailKey])).get(row.emailKey);
        // An account its owner has taken over is theirs to maintain: the list does not overwrite it.
        if (existing && existing.user.status !== 'invited') return 'unchanged' as const;
        organization = await ensureOrganization(run, db, row);
        const organizationId = organization.id;
        if (existing && existing.user.role !== 'coordinator') throw otherRole(run, existing.user.role);
        const txCtx: InviteContext = { ...run.ctx, db };
        if (!existing) {
          await invite(txCtx, run.actor, {
            email: row.email,
            displayName: row.displayName,
            ...(row.displayKana !== undefined ? { displayKana: row.displayKana } : {}),
            role: 'coordinator',
            organizationId,
            profile: row.profile,
          });
          return 'invited' as const;
        }
        const changes = changesOf(row, organizationId);
        if (!wouldChange(existing, changes)) return 'unchanged' as const;
        await saveProfile(txCtx, existing.user.id, changes, {
          actorId: run.actor.userId,
          ip: run.ctx.ip,
          via: 'import',
        });
        return 'updated' as const;
      });
      if (organization) run.organizations.set(row.organization.key, organization.id);
      if (organization?.created) run.report.organizationsCreated++;
      outcomes.push(outcome);
    } catch (e) {
      outcomes.push(null);
      if (e instanceof RowRefused) {
        addError(run, {
          line: row.line,
          ...(e.column ? { column: e.column } : {}),
          reason: e.reason,
          reasonEn: e.reasonEn,
        });
      } else if (e instanceof AppError) {
        const body = e.toBody();
        const detail = body.details?.map((d) => d.message).join('; ');
        addError(run, {
          line: row.line,
          reason: detail ? `${body.message} ${detail}` : body.message,
          reasonEn: detail ? `${body.messageEn} ${detail}` : body.messageEn,
        });
      } else {
        run.ctx.log.error({ err: e, line: row.line }, 'coordinator import: a row could not be saved');
        addError(run, {
          line: row.line,
          reason: 'この行を保存できませんでした（サーバーの問題）。',
          reasonEn: 'This row could not be saved (a server problem).',
        });
      }
    }
  }
  return outcomes;
}

/** The organisation of a row: an existing one of the same (normalised) name in the municipality, or a new one. */
async function ensureOrganization(
  run: Run,
  db: Db,
  row: CoordinatorRow,
): Promise<{ id: string; created: boolean }> {
  const known = run.organizations.get(row.organization.key);
  if (known) return { id: known, created: false };
  const { name, type, municipalityCode, phone } = row.organization;
  const [inserted] = await db
    .insert(organizations)
    .values({ name, type, municipalityCode, phone })
    .onConflictDoNothing()
    .returning({ id: organizations.id });
  if (inserted) return { id: inserted.id, created: true };
  // Created meanwhile (another import): the unique index names it exactly.
  const [found] = await db
    .select({ id: organizations.id })
    .from(organizations)
    .where(
      and(
        eq(organizations.name, name),
        sql`coalesce(${organizations.municipalityCode}, '') = ${municipalityCode ?? ''}`,
      ),
    )
    .limit(1);
  if (!found) throw new Error(`organisation "${name}" could neither be created nor found`);
  return { id: found.id, created: false };
}
