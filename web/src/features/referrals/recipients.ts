import { directoryApi } from '@/features/directory/api.ts';
import { resourcesApi } from '@/features/resources/api.ts';
import type { Recipient, RecipientType } from './form.ts';

const SUGGESTIONS = 10;

/**
 * Finding who a referral goes to: a resource of the resource directory or a coordinator of the
 * directory, through those features' own API modules (their searches, not a copy of them).
 */
export function useRecipientSearch() {
  async function searchRecipients(type: RecipientType, q: string): Promise<Recipient[]> {
    const text = q.trim();
    if (type === 'resource') {
      const { items } = await resourcesApi.search({ q: text || undefined, pageSize: SUGGESTIONS });
      return items.map((r) => ({ type, id: r.id, name: `${r.name}（${r.organization.name}）` }));
    }
    const { items } = await directoryApi.search({ q: text || undefined, pageSize: SUGGESTIONS });
    return items.map((c) => ({
      type,
      id: c.id,
      name: c.organization ? `${c.displayName}（${c.organization.name}）` : c.displayName,
    }));
  }
  /** The resource or coordinator a new referral is addressed to (from a link). */
  const recipientResource = (id: string) => resourcesApi.get(id);
  const recipientCoordinator = (id: string) => directoryApi.get(id);
  return { searchRecipients, recipientResource, recipientCoordinator };
}
