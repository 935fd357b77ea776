import type {
  AcceptedCareBody,
  CapacityState,
  Resource,
  ResourceCreateBody,
  ResourcePatchBody,
  WaitEstimate,
} from '@tsunagu/shared';

export interface CareRow {
  code: string;
  minAge: number | null;
  maxAge: number | null;
}

/** The resource form's state. */
export interface ResourceForm {
  organization: { id: string; name: string } | null;
  serviceType: string | null;
  name: string;
  description: string;
  municipalities: string[];
  care: CareRow[];
  ageMin: number | null;
  ageMax: number | null;
  capacity: CapacityState;
  waitEstimate: WaitEstimate | null;
  contact: string;
  notes: string;
  confirm: boolean;
}

export function emptyForm(): ResourceForm {
  return {
    organization: null,
    serviceType: null,
    name: '',
    description: '',
    municipalities: [],
    care: [],
    ageMin: null,
    ageMax: null,
    capacity: 'available',
    waitEstimate: null,
    contact: '',
    notes: '',
    confirm: true,
  };
}

export function formFromResource(r: Resource): ResourceForm {
  return {
    organization: { id: r.organization.id, name: r.organization.name },
    serviceType: r.serviceType,
    name: r.name,
    description: r.description,
    municipalities: [...r.municipalities],
    care: r.careAccepted.map((c) => ({ ...c })),
    ageMin: r.ageMin,
    ageMax: r.ageMax,
    capacity: r.capacity,
    waitEstimate: r.waitEstimate,
    contact: r.contact,
    notes: r.notes,
    confirm: true,
  };
}

/** Keeps one row per chosen care type, in the order chosen, with the ages already entered. */
export function syncCare(rows: readonly CareRow[], codes: readonly string[]): CareRow[] {
  return codes.map((code) => rows.find((r) => r.code === code) ?? { code, minAge: null, maxAge: null });
}

function fields(f: ResourceForm) {
  const careAccepted: AcceptedCareBody[] = f.care.map((c) => ({
    code: c.code,
    minAge: c.minAge,
    maxAge: c.maxAge,
  }));
  return {
    serviceType: f.serviceType ?? '',
    name: f.name.trim(),
    description: f.description.trim(),
    municipalities: f.municipalities,
    careAccepted,
    ageMin: f.ageMin,
    ageMax: f.ageMax,
    capacity: f.capacity,
    waitEstimate: f.capacity === 'waitlist' ? f.waitEstimate : null,
    contact: f.contact.trim(),
    notes: f.notes.trim(),
  };
}

/** A centre user names the organisation; others add to their own (organizationId left out). */
export function createBody(f: ResourceForm, pickOrganization: boolean): ResourceCreateBody {
  return {
    ...fields(f),
    ...(pickOrganization && f.organization ? { organizationId: f.organization.id } : {}),
  };
}

export function patchBody(f: ResourceForm): ResourcePatchBody {
  return { ...fields(f), confirm: f.confirm };
}
