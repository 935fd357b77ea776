import { describe, expect, it } from 'vitest';
import { caseReportStatuses } from '@tsunagu/shared';
import { canRead, canWriteFrom, caseReportCan } from './policy.ts';

const author = { userId: 'u-author', role: 'coordinator' as const };
const other = { userId: 'u-other', role: 'coordinator' as const };
const staff = { userId: 'u-staff', role: 'center_staff' as const };
const report = (status: string) => ({ authorId: 'u-author', status });

describe('case report policy', () => {
  it('shows published reports to everyone, the rest to their author and the centre', () => {
    for (const status of caseReportStatuses) {
      expect(canRead(other, report(status))).toBe(status === 'published');
      expect(canRead(author, report(status))).toBe(true);
      expect(canRead(staff, report(status))).toBe(true);
    }
  });

  it('lets the author edit until it is published; the centre always; nobody else', () => {
    for (const status of caseReportStatuses) {
      expect(caseReportCan(author, report(status)).edit).toBe(status !== 'published');
      expect(caseReportCan(staff, report(status)).edit).toBe(true);
      expect(caseReportCan(other, report(status)).edit).toBe(false);
    }
  });

  it('gives the review to the centre: publish while unpublished, return while waiting for review', () => {
    for (const status of caseReportStatuses) {
      expect(caseReportCan(staff, report(status)).publish).toBe(status !== 'published');
      expect(caseReportCan(staff, report(status)).review).toBe(status === 'in_review');
      expect(caseReportCan(author, report(status))).toMatchObject({ publish: false, review: false });
    }
  });

  it('lets a coordinator write only from their own consultation; the centre from any posted one', () => {
    const posted = { authorId: 'u-author', status: 'answered' };
    expect(canWriteFrom(author, posted)).toBe(true);
    expect(canWriteFrom(other, posted)).toBe(false);
    expect(canWriteFrom(staff, posted)).toBe(true);
    expect(canWriteFrom(staff, { ...posted, status: 'draft' })).toBe(false);
    expect(canWriteFrom(other, null)).toBe(false);
    expect(canWriteFrom(staff, null)).toBe(true);
  });
});
