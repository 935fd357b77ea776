import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessMsBetween, isBusinessDay } from './business-clock.ts';

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
});
