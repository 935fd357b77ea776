import type { CaseReport, CaseReportStatus } from '@tsunagu/shared';
import type { Actor } from '../../types.ts';

type Report = { authorId: string; status: string };

const isCentre = (actor: Pick<Actor, 'role'>) => actor.role === 'center_staff';

/** Published reports are for everyone signed in; drafts and reviews for their author and the centre. */
export const canRead = (actor: Pick<Actor, 'role' | 'userId'>, r: Report) =>
  r.status === 'published' || isCentre(actor) || r.authorId === actor.userId;

/** The centre edits any report; an author edits theirs until it is published. */
export const canEdit = (actor: Pick<Actor, 'role' | 'userId'>, r: Report) =>
  isCentre(actor) || (r.authorId === actor.userId && r.status !== 'published');

/** The centre publishes a report that is not yet in the library. */
export const canPublish = (actor: Pick<Actor, 'role'>, r: Report) =>
  isCentre(actor) && r.status !== 'published';

/** The centre returns a report waiting for review to its author, with a comment. */
export const canReturn = (actor: Pick<Actor, 'role'>, r: Report) =>
  isCentre(actor) && (r.status as CaseReportStatus) === 'in_review';

/** The centre's own report waits as a draft; an author's goes to review when written or changed. */
export const goesToReview = (actor: Pick<Actor, 'role'>) => !isCentre(actor);

/** A coordinator writes from their own consultation; the centre from any posted one, or from none. */
export const canWriteFrom = (
  actor: Pick<Actor, 'role' | 'userId'>,
  consultation: { authorId: string; status: string } | null,
) =>
  consultation
    ? isCentre(actor)
      ? consultation.status !== 'draft'
      : consultation.authorId === actor.userId
    : isCentre(actor);

/** What the caller may do with a report now: the service enforces these, the web shows them. */
export const caseReportCan = (actor: Pick<Actor, 'role' | 'userId'>, r: Report): CaseReport['can'] => ({
  edit: canEdit(actor, r),
  review: canReturn(actor, r),
  publish: canPublish(actor, r),
});
