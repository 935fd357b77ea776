import type { MessageSchema } from '../ja.ts';

const pii: MessageSchema['pii'] = {
  checking: 'Checking for personal data…',
  found: '{n} passage(s) may identify a person.',
  finding: '{kind}: "{text}"',
  kinds: {
    name: 'Name',
    phone: 'Phone number',
    postal_code: 'Postal code',
    address: 'Address',
    birth_date: 'Date of birth or birthday',
    my_number: 'My Number',
    email: 'E-mail address',
    date: 'Exact date',
    certificate_number: 'Benefit or disability certificate number',
    insurance_number: 'Health insurance number',
    medical_record_number: 'Medical record or patient card number',
    id_number: 'ID or account number',
    url: 'URL',
    sns_account: 'Social media account',
    school: 'School, nursery or class name',
    other: 'Personal data',
  },
  overrideToggle: 'Post anyway (false alarm)',
  overrideReason: 'Why it is a false alarm (required)',
  overrideHint: 'Centre staff will see the reason.',
  overrideRequired: 'Give a reason.',
};

export default pii;
