import { describe, expect, it } from 'vitest';
import { consultationStatuses } from '@tsunagu/shared';
import { consultationCan, relationOf } from './policy.ts';

const coordinator = { userId: 'u-author', role: 'coordinator' as const };
const other = { userId: 'u-other', role: 'coordinator' as const };
const staff = { userId: 'u-staff', role: 'center_staff' as const };

describe('consultation policy', () => {
  it('relates the author, an invited coordinator and the centre; hides drafts from all but the author', () => {
    const posted = { authorId: 'u-author', status: 'new' };
    const draft = { authorId: 'u-author', status: 'draft' };
    expect(relationOf(coordinator, posted, false)).toBe('author');
    expect(relationOf(other, posted, true)).toBe('participant');
    expect(relationOf(other, posted, false)).toBeNull();
    expect(relationOf(staff, posted, false)).toBe('centre');
    expect(relationOf(staff, draft, false)).toBeNull();
    expect(relationOf(coordinator, draft, false)).toBe('author');
  });

  it('lets only the author edit, and only a draft', () => {
    for (const status of consultationStatuses) {
      expect(consultationCan('author', status).edit).toBe(status === 'draft');
      expect(consultationCan('participant', status).edit).toBe(false);
      expect(consultationCan('centre', status).edit).toBe(false);
    }
  });

  it('gives triage, assignment, redaction and notes to the centre only', () => {
    for (const relation of ['author', 'participant'] as const) {
      const can = consultationCan(relation, 'in_progress');
      expect([can.triage, can.assign, can.redact, can.note, can.invite]).toEqual([
        false,
        false,
        false,
        false,
        false,
      ]);
    }
    const can = consultationCan('centre', 'in_progress');
    expect([can.triage, can.assign, can.redact, can.note, can.invite]).toEqual([
      true,
      true,
      true,
      true,
      true,
    ]);
  });

  it('stops replies and invitations once closed, until reopened', () => {
    expect(consultationCan('author', 'closed').reply).toBe(false);
    expect(consultationCan('centre', 'closed').invite).toBe(false);
    expect(consultationCan('author', 'closed').reopen).toBe(true);
    expect(consultationCan('participant', 'answered').reply).toBe(true);
  });

  it('lets the author close or reopen an answered case; the centre closes, never reopens', () => {
    expect(consultationCan('author', 'answered')).toMatchObject({ close: true, reopen: true });
    expect(consultationCan('author', 'in_progress')).toMatchObject({ close: false, reopen: false });
    expect(consultationCan('centre', 'in_progress')).toMatchObject({ close: true, reopen: false });
    expect(consultationCan('participant', 'answered')).toMatchObject({ close: false, reopen: false });
  });

  it('lets the author and the centre, not a participant, write a case report from an answered or closed case', () => {
    expect(consultationCan('author', 'answered').writeReport).toBe(true);
    expect(consultationCan('centre', 'closed').writeReport).toBe(true);
    expect(consultationCan('participant', 'closed').writeReport).toBe(false);
    expect(consultationCan('author', 'in_progress').writeReport).toBe(false);
  });
});
