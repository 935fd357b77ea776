import type { AcceptedCare, ResourceRevision } from '@tsunagu/shared';
import { useT, type MessageKey } from '@/i18n/index.ts';
import { formatDateTime } from '@/composables/format.ts';
import { useReferenceStore } from '@/stores/reference.ts';
import { useResourceLabels } from './labels.ts';

/** The fields a revision may name, in the order they are shown; anything else (an import's line) is not shown. */
const fields = [
  'name',
  'serviceType',
  'description',
  'municipalities',
  'careAccepted',
  'ageMin',
  'ageMax',
  'capacity',
  'waitEstimate',
  'contact',
  'notes',
  'confirmedAt',
  'archived',
] as const;
type Field = (typeof fields)[number];
const actions = ['created', 'updated', 'confirmed', 'imported', 'archived', 'unarchived'];

/** A resource's history in words: field names and code labels in the current language, before → after. */
export function useResourceHistory() {
  const { t, locale } = useT();
  const reference = useReferenceStore();
  const labels = useResourceLabels();
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

  function value(field: Field, v: unknown): string {
    if (v === null || v === undefined || v === '') return t('resource.historyNone');
    switch (field) {
      case 'serviceType':
        return reference.label('serviceTypes', String(v));
      case 'municipalities':
        return (
          list(v)
            .map((m) => reference.municipalityLabel(String(m)))
            .join('・') || t('resource.historyNone')
        );
      case 'careAccepted':
        return (
          list(v)
            .map((c) => labels.care(c as AcceptedCare, { ageMin: null, ageMax: null }))
            .join('、') || t('resource.historyNone')
        );
      case 'ageMin':
      case 'ageMax':
        return t('resource.years', { n: Number(v) });
      case 'capacity':
        return t(`resource.capacities.${String(v)}` as MessageKey);
      case 'waitEstimate':
        return t(`resource.waits.${String(v)}` as MessageKey);
      case 'confirmedAt':
        return formatDateTime(String(v), locale.value);
      case 'archived':
        return t(v ? 'resource.closed' : 'resource.open');
      default:
        return String(v);
    }
  }

  const action = (a: string) =>
    actions.includes(a) ? t(`resource.actions.${a}` as MessageKey) : t('resource.actions.other');

  /** What changed, field by field; a creation (nothing before) lists nothing. */
  function changes(r: ResourceRevision) {
    if (!Object.keys(r.previous).length) return [];
    return fields
      .filter((f) => f in r.previous || f in r.changes)
      .map((f) => ({
        field: f,
        label: t(`resource.fields.${f}`),
        from: value(f, r.previous[f]),
        to: value(f, r.changes[f]),
      }));
  }

  return { action, changes };
}
