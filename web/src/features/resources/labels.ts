import type { AcceptedCare, Resource } from '@tsunagu/shared';
import { useT } from '@/i18n/index.ts';
import { useReferenceStore } from '@/stores/reference.ts';

type Severity = 'success' | 'warn' | 'danger';
const capacitySeverity: Record<Resource['capacity'], Severity> = {
  available: 'success',
  waitlist: 'warn',
  not_accepting: 'danger',
};

/** How a resource's facts read in the current language (ages, capacity, care accepted). */
export function useResourceLabels() {
  const { t } = useT();
  const reference = useReferenceStore();

  function ages(min: number | null, max: number | null): string {
    if (min !== null && max !== null) return t('resource.ageRange', { min, max });
    if (min !== null) return t('resource.ageFrom', { min });
    if (max !== null) return t('resource.ageTo', { max });
    return t('resource.ageAny');
  }

  function capacity(r: Pick<Resource, 'capacity' | 'waitEstimate'>): { label: string; severity: Severity } {
    const label =
      r.capacity === 'waitlist' && r.waitEstimate
        ? t('resource.waitlistWith', { wait: t(`resource.waits.${r.waitEstimate}`) })
        : t(`resource.capacities.${r.capacity}`);
    return { label, severity: capacitySeverity[r.capacity] };
  }

  /** A care type accepted, with its own ages when they differ from the resource's. */
  function care(c: AcceptedCare, r: Pick<Resource, 'ageMin' | 'ageMax'>): string {
    const name = reference.label('medicalCareTypes', c.code);
    const own = c.minAge !== null || c.maxAge !== null;
    const differs = own && (c.minAge !== r.ageMin || c.maxAge !== r.ageMax);
    return differs ? `${name}（${ages(c.minAge ?? r.ageMin, c.maxAge ?? r.ageMax)}）` : name;
  }

  return { ages, capacity, care };
}
