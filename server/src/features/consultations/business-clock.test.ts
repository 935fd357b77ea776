import { afterEach, describe, expect, it } from 'vitest';
import { addBusinessTime, businessMsBetween, isBusinessDay, setClosureDays } from './business-clock.ts';

const jst = (s: string) => new Date(`${s}+09:00`);

describe('the business clock (weekdays without national holidays, 9–17 JST)', () => {
  it('knows weekends and national holidays', () => {
    expect(isBusinessDay(jst('2026-11-20T10:00:00'))).toBe(true); // Friday
    expect(isBusinessDay(jst('2026-11-21T10:00:00'))).toBe(false); // Saturday
    expect(isBusinessDay(jst('2026-11-23T10:00:00'))).toBe(false); // 勤労感謝の日 (Monday)
    expect(isBusinessDay(jst('2026-11-24T10:00:00'))).toBe(true);
  });

  it('counts 4 business hours across a weekend and a holiday', () => {
    // Friday 15:00 → 2 h on Friday, Sat/Sun off, Monday 11/23 is a holiday → Tuesday 11:00.
    expect(addBusinessTime(jst('2026-11-20T15:00:00'), { unit: 'hours', amount: 4 })).toEqual(
      jst('2026-11-24T11:00:00'),
    );
  });

  it('counts business days, keeping the time of day', () => {
    expect(addBusinessTime(jst('2026-11-20T10:30:00'), { unit: 'days', amount: 1 })).toEqual(
      jst('2026-11-24T10:30:00'),
    );
    expect(addBusinessTime(jst('2026-11-18T10:30:00'), { unit: 'days', amount: 3 })).toEqual(
      jst('2026-11-24T10:30:00'),
    );
  });

  it('starts the clock at the next opening when posted out of hours', () => {
    // Saturday night → Tuesday 9:00 (Monday is a holiday) + 4 h.
    expect(addBusinessTime(jst('2026-11-21T22:00:00'), { unit: 'hours', amount: 4 })).toEqual(
      jst('2026-11-24T13:00:00'),
    );
    // Golden Week: 2026-05-02 Sat … 05-06 振替休日.
    expect(addBusinessTime(jst('2026-05-01T16:00:00'), { unit: 'hours', amount: 2 })).toEqual(
      jst('2026-05-07T10:00:00'),
    );
  });

  it('measures business time left, negative when overdue', () => {
    expect(businessMsBetween(jst('2026-11-20T16:00:00'), jst('2026-11-24T10:00:00'))).toBe(2 * 3_600_000);
    expect(businessMsBetween(jst('2026-11-24T10:00:00'), jst('2026-11-20T16:00:00'))).toBe(-2 * 3_600_000);
  });

  describe('closures', () => {
    afterEach(() => setClosureDays([]));

    it('skips the year-end/new-year closure (12/29–1/3) though those are weekdays', () => {
      for (const day of ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01'])
        expect(isBusinessDay(jst(`${day}T10:00:00`))).toBe(false);
      expect(isBusinessDay(jst('2026-12-28T10:00:00'))).toBe(true); // Monday
      expect(isBusinessDay(jst('2027-01-04T10:00:00'))).toBe(true); // Monday
      // Monday 12/28 16:00 → 1 h on the 28th; 12/29–1/3 closed (1/2–1/3 a weekend too) → 1/4 12:00.
      expect(addBusinessTime(jst('2026-12-28T16:00:00'), { unit: 'hours', amount: 4 })).toEqual(
        jst('2027-01-04T12:00:00'),
      );
      expect(addBusinessTime(jst('2026-12-28T10:00:00'), { unit: 'days', amount: 1 })).toEqual(
        jst('2027-01-04T10:00:00'),
      );
      expect(businessMsBetween(jst('2026-12-28T16:00:00'), jst('2027-01-04T10:00:00'))).toBe(2 * 3_600_000);
    });

    it('skips the closure days an admin set, and only those', () => {
      expect(isBusinessDay(jst('2026-11-25T10:00:00'))).toBe(true);
      setClosureDays(['2026-11-25']);
      expect(isBusinessDay(jst('2026-11-25T10:00:00'))).toBe(false);
      expect(addBusinessTime(jst('2026-11-24T16:00:00'), { unit: 'hours', amount: 2 })).toEqual(
        jst('2026-11-26T10:00:00'),
      );
      setClosureDays([]);
      expect(addBusinessTime(jst('2026-11-24T16:00:00'), { unit: 'hours', amount: 2 })).toEqual(
        jst('2026-11-25T10:00:00'),
      );
    });
  });
});
