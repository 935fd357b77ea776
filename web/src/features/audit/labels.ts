import ja from '@/i18n/ja/audit.ts';
import type { MessageKey } from '@/i18n/index.ts';

const known = ja.actions as Record<string, Record<string, string> | undefined>;

/** The message key of an action's label, or null for an action the labels do not know yet. */
export function actionKey(action: string): MessageKey | null {
  const [group, name, ...rest] = action.split('.');
  return group && name && !rest.length && known[group]?.[name]
    ? (`audit.actions.${action}` as MessageKey)
    : null;
}
