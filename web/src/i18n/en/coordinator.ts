import type { MessageSchema } from '../ja.ts';

const coordinator: MessageSchema['coordinator'] = {
  back: 'Back to results',
  organization: 'Organisation',
  qualifications: 'Qualifications and experience',
  trainingYear: 'Coordinator training finished',
  trainingYearValue: '{year}',
  areas: 'Areas covered',
  municipalities: 'Municipalities covered',
  careTypes: 'Medical care experience',
  domains: 'Support domains',
  introduction: 'Introduction',
  contact: 'How to reach',
  address: 'Address',
  phone: 'Phone',
  website: 'Website',
  updatedAt: 'Last updated',
  message: 'Message',
  refer: 'Refer a family',
  unknown: 'Not given',
};

export default coordinator;
