import type { ConsultationStatus, ConsultationSummary } from '@tsunagu/shared';
import type { Actor } from '../../types.ts';

/** How a user relates to a consultation; null means they may not know it exists (404). */
export type Relation = 'author' | 'participant' | 'centre';

export function relationOf(
  actor: Pick<Actor, 'userId' | 'role'>,
  c: { authorId: string; status: string },
  isParticipant: boolean,
): Relation | null {
  if (c.authorId === actor.userId) return 'author';
  if (c.status === 'draft') return null;
  if (actor.role === 'center_staff') return 'centre';
  if (isParticipant) return 'participant';
  return null;
}

/** The centre's queue moves forward; the author reopens or closes an answered case. */
const centreMoves: Record<ConsultationStatus, ConsultationStatus[]> = {
  draft: [],
  new: ['triaged', 'in_progress', 'answered', 'closed'],
  triaged: ['in_progress', 'answered', 'closed'],
  in_progress: ['answered', 'closed'],
  answered: ['in_progress', 'closed'],
  closed: [],
  reopened: ['triaged', 'in_progress', 'answered', 'closed'],
};
const authorMoves: Partial<Record<ConsultationStatus, ConsultationStatus[]>> = {
  answered: ['reopened', 'closed'],
  closed: ['reopened'],
};

export function allowedStatuses(relation: Relation, status: ConsultationStatus): ConsultationStatus[] {
  if (relation === 'centre') return centreMoves[status];
  if (relation === 'author') return authorMoves[status] ?? [];
  return [];
}

export const canTriage = (relation: Relation) => relation === 'centre';
export const canWriteInternalNote = (relation: Relation) => relation === 'centre';
export const canReply = (relation: Relation, status: ConsultationStatus) =>
  status !== 'draft' && status !== 'closed';
export const canMarkAnswer = (relation: Relation) => relation === 'centre' || relation === 'author';
export const canRedact = (relation: Relation) => relation === 'centre';

export const canInvite = (relation: Relation, status: ConsultationStatus) =>
  relation === 'centre' && status !== 'closed';
export const canEditDraft = (relation: Relation, status: ConsultationStatus) =>
  relation === 'author' && status === 'draft';
/** A case report comes from an answered or closed consultation, written by its author or the centre. */
export const canWriteReport = (relation: Relation, status: ConsultationStatus) =>
  relation !== 'participant' && (status === 'answered' || status === 'closed');

/** What the caller may do with a consultation now: the service enforces these, the web shows them. */
export function consultationCan(relation: Relation, status: ConsultationStatus): ConsultationSummary['can'] {
  const moves = allowedStatuses(relation, status);
  return {
    edit: canEditDraft(relation, status),
    reply: canReply(relation, status),
    note: canWriteInternalNote(relation) && status !== 'draft',
    markAnswer: canMarkAnswer(relation) && status !== 'draft',
    triage: canTriage(relation),
    assign: canTriage(relation),
    invite: canInvite(relation, status),
    redact: canRedact(relation),
    close: moves.includes('closed'),
    reopen: moves.includes('reopened'),
    writeReport: canWriteReport(relation, status),
  };
}
