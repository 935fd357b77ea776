import type { MessageSchema } from '../ja.ts';

const profile: MessageSchema['profile'] = {
  title: 'My profile',
  basics: 'Basics',
  organization: 'Organisation',
  organizationSearch: 'Search organisations by name',
  qualifications: 'Qualifications and experience',
  qualification: 'Qualification',
  years: 'Years of experience',
  addQualification: 'Add qualification',
  removeQualification: 'Remove {name}',
  trainingYear: 'Coordinator training finished (year)',
  municipalities: 'Municipalities covered',
  domains: 'Support domains',
  careTypes: 'Medical care experience',
  accepting: 'I take consultations now',
  introduction: 'Introduction',
  contact: 'How to reach me (public)',
  chars: '{n} / {max} characters',
  save: 'Save profile',
  noChanges: 'Nothing changed.',
  passwordTitle: 'Change password',
  currentPassword: 'Current password',
  changePassword: 'Change password',
  passwordChanged: 'Your password was changed. Please sign in again.',
  prompt: {
    title: 'Complete your profile',
    missing: 'So that other coordinators can find you, please fill in:',
    action: 'Edit my profile',
  },
  parts: {
    qualifications: 'Qualifications and experience',
    municipalities: 'Municipalities covered',
    careTypes: 'Medical care experience',
    introduction: 'Introduction',
    contact: 'How to reach you',
  },
  totpTitle: 'Two-step verification',
  totpOn: 'Two-step verification is on.',
  totpOff: 'Two-step verification is off. With it on, passwords of 8 characters are allowed.',
};

export default profile;
