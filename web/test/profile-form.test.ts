import { describe, expect, it } from 'vitest';
import type { CoordinatorDetail } from '@tsunagu/shared';
import { formFromDetail, profileChanges } from '../src/features/profile/form.ts';

const detail: CoordinatorDetail = {
  id: '00000000-0000-4000-8000-000000000001',
  displayName: '山田 花子',
  displayKana: 'やまだ はなこ',
  organization: {
    id: '00000000-0000-4000-8000-0000000000aa',
    name: '米子訪問看護ステーション',
    kana: 'よなごほうもんかんごすてーしょん',
    type: 'visiting_nursing',
    municipalityCode: '31202',
    address: '',
    phone: '',
    website: '',
    updatedAt: '2025-01-01T00:00:00.000Z',
  },
  qualifications: [{ code: 'nurse', years: 10 }],
  areas: ['31-west'],
  municipalities: ['31202', '31203'],
  careTypes: ['ventilator'],
  domains: ['family'],
  accepting: true,
  trainingYear: 2019,
  introduction: 'よろしくお願いします',
  contact: '',
  updatedAt: '2025-01-01T00:00:00.000Z',
  can: { message: false, refer: false, edit: true },
};

describe('profile form', () => {
  it('sends nothing when nothing changed (order of multi-selects does not matter)', () => {
    const form = formFromDetail(detail);
    form.municipalities.reverse();
    expect(profileChanges(form, detail)).toEqual({});
  });

  it('sends only the changed fields', () => {
    const form = formFromDetail(detail);
    form.introduction = '訪問看護師です';
    form.qualifications.push({ code: 'phn', years: 3 });
    form.accepting = false;
    expect(profileChanges(form, detail)).toEqual({
      introduction: '訪問看護師です',
      qualifications: [
        { code: 'nurse', years: 10 },
        { code: 'phn', years: 3 },
      ],
      accepting: false,
    });
  });

  it('never sends the organisation: it is asked for, not set', () => {
    const form = formFromDetail(detail);
    form.introduction = '変更';
    expect(Object.keys(profileChanges(form, detail))).not.toContain('organizationId');
  });
});
