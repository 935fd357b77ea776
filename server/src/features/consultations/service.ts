// The consultations feature's service, by job: writing (drafts), reading, triage, replies.
export type { ConsultationContext } from './context.ts';
export { checkTexts } from './pii-gate.ts';
export { createConsultation, updateDraft } from './drafts.ts';
export { centreStaff, getConsultation, listConsultations, suggestExperts } from './reading.ts';
export { patchConsultation } from './triage.ts';
export { addReply, redact } from './replies.ts';
