import type { ReferralSummary } from '@tsunagu/shared';
import { useT } from '@/i18n/index.ts';

/** The recipient of a referral as one line: a service with its organisation, or a coordinator. */
export function useReferralLabels() {
  const { t } = useT();
  function recipient(
    r: Pick<ReferralSummary, 'resource' | 'recipientOrganization' | 'recipientUser'>,
  ): string {
    if (r.resource)
      return r.recipientOrganization
        ? t('referral.recipientResource', { name: r.resource.name, org: r.recipientOrganization.name })
        : r.resource.name;
    return r.recipientUser?.displayName ?? '—';
  }
  function sender(r: Pick<ReferralSummary, 'sender' | 'senderOrganization'>): string {
    return r.senderOrganization
      ? t('referral.recipientResource', { name: r.sender.displayName, org: r.senderOrganization.name })
      : r.sender.displayName;
  }
  return { recipient, sender };
}
