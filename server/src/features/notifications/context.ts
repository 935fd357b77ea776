import { inArray } from 'drizzle-orm';
import { schema, type Db } from '@tsunagu/db';
import type { Notification } from '@tsunagu/shared';

type Row = typeof schema.notifications.$inferSelect;
type Subject = Notification['subject'];

/** Long enough to tell two consultations apart, short enough for a list line. */
const LABEL_LENGTH = 40;
const excerpt = (text: string) =>
  text.length > LABEL_LENGTH ? `${text.slice(0, LABEL_LENGTH - 1)}…` : text || null;

/**
 * What each notification concerns and who acted, read when the list is read: the stored
 * title stays generic, and the subject's current title (after any redaction) is shown.
 * Referrals and messages are named by a short reference only: family details never appear.
 */
export async function contextOf(
  db: Db,
  rows: readonly Row[],
): Promise<Map<string, { subject: Subject; actorName: string | null }>> {
  const ids = (type: string) => [
    ...new Set(rows.filter((r) => r.subjectType === type && r.subjectId).map((r) => r.subjectId!)),
  ];
  const actorIds = [...new Set(rows.map((r) => r.actorId).filter((id): id is string => !!id))];
  const consultationIds = ids('consultation');
  const caseReportIds = ids('case_report');
  const [consultations, caseReports, actors] = await Promise.all([
    consultationIds.length
      ? db
          .select({ id: schema.consultations.id, title: schema.consultations.title })
          .from(schema.consultations)
          .where(inArray(schema.consultations.id, consultationIds))
      : [],
    caseReportIds.length
      ? db
          .select({ id: schema.caseReports.id, title: schema.caseReports.title })
          .from(schema.caseReports)
          .where(inArray(schema.caseReports.id, caseReportIds))
      : [],
    actorIds.length
      ? db
          .select({ id: schema.users.id, name: schema.users.displayName })
          .from(schema.users)
          .where(inArray(schema.users.id, actorIds))
      : [],
  ]);
  const titles = new Map([...consultations, ...caseReports].map((r) => [r.id, r.title]));
  const names = new Map(actors.map((a) => [a.id, a.name]));
  return new Map(
    rows.map((r) => [
      r.id,
      {
        subject:
          r.subjectType && r.subjectId
            ? {
                type: r.subjectType,
                ref: r.subjectId.slice(0, 8),
                label: excerpt(titles.get(r.subjectId) ?? ''),
              }
            : null,
        actorName: (r.actorId && names.get(r.actorId)) || null,
      },
    ]),
  );
}
