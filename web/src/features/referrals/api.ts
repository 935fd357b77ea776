import type {
  CancelBody,
  CompleteBody,
  ConsentBody,
  DeclineBody,
  ReferralCreateBody,
  ReferralListQuery,
  ReferralPatchBody,
} from '@tsunagu/shared';
import { call } from '@/api/operations.ts';

export interface TransitionBodies {
  send: Record<string, never>;
  accept: Record<string, never>;
  decline: DeclineBody;
  complete: CompleteBody;
  cancel: CancelBody;
}
export type Transition = keyof TransitionBodies;

const byId = (id: string) => ({ params: { id } });

export const referralsApi = {
  list: (query: ReferralListQuery, signal?: AbortSignal) => call('listReferrals', { query, signal }),
  get: (id: string) => call('getReferral', byId(id)),
  create: (body: ReferralCreateBody) => call('createReferral', { body }),
  patch: (id: string, body: ReferralPatchBody) => call('updateReferral', { ...byId(id), body }),
  label: (id: string, privateLabel: string) => call('labelReferral', { ...byId(id), body: { privateLabel } }),
  consent: (id: string, body: ConsentBody) => call('recordReferralConsent', { ...byId(id), body }),
  transition: <K extends Transition>(id: string, kind: K, body: TransitionBodies[K]) => {
    const input = { ...byId(id), body };
    switch (kind) {
      case 'send':
        return call('sendReferral', { ...byId(id), body: {} });
      case 'accept':
        return call('acceptReferral', { ...byId(id), body: {} });
      case 'decline':
        return call('declineReferral', input as { params: { id: string }; body: DeclineBody });
      case 'complete':
        return call('completeReferral', input as { params: { id: string }; body: CompleteBody });
      default:
        return call('cancelReferral', input as { params: { id: string }; body: CancelBody });
    }
  },
  /** Each read is written to the audit log by the server. */
  family: (id: string) => call('getReferralFamily', byId(id)),
  messages: (id: string) => call('listReferralMessages', byId(id)),
  addMessage: (id: string, body: string) => call('addReferralMessage', { ...byId(id), body: { body } }),
  /** The APPI provision record of my organisation as CSV text (UTF-8): the server answers text, not JSON. */
  provisionCsv: async (from: string, to: string): Promise<string> =>
    (await call('listProvisionRecords', { query: { format: 'csv', from, to } })) as unknown as string,
};
