import { describe, expect, it } from 'vitest';
import { codesOf } from '@tsunagu/shared';
import { ageBandOfAge, emptyForm, referralBody } from '../src/features/referrals/form.ts';
import { filtersFromQuery, stateChoice, stateOfChoice } from '../src/features/referrals/query.ts';

describe('the referral form', () => {
  it('turns the age the resource search asked for into an age band of the vocabulary', () => {
    const bands = [0, 1, 2, 3, 5, 6, 11, 12, 14, 15, 17, 18, 40].map(ageBandOfAge);
    expect(bands).toEqual([
      'infant',
      'toddler',
      'toddler',
      'preschool',
      'preschool',
      'elementary',
      'elementary',
      'junior_high',
      'junior_high',
      'high_school',
      'high_school',
      'adult',
      'adult',
    ]);
    for (const band of bands) expect(codesOf('ageBands')).toContain(band);
  });
  it('sends my private label trimmed, with the chosen recipient', () => {
    const form = { ...emptyForm(), privateLabel: '  Aさん・4月 ' };
    expect(referralBody(form, { type: 'coordinator', id: 'u1', name: 'x' })).toMatchObject({
      recipientUserId: 'u1',
      privateLabel: 'Aさん・4月',
    });
  });
});

describe('the 状態 filter', () => {
  it('gives "any state" a real value so the Select shows its label, and maps it back', () => {
    expect(stateChoice(filtersFromQuery({}))).toBe('any');
    expect(stateChoice(filtersFromQuery({ state: 'sent' }))).toBe('sent');
    expect(stateOfChoice('any')).toBe('');
    expect(stateOfChoice('accepted')).toBe('accepted');
    expect(stateOfChoice('nonsense')).toBe('');
  });
});
