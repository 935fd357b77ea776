import type { MessageSchema } from '../ja.ts';

const password: MessageSchema['password'] = {
  rule: 'At least 8 characters with two-step verification on, 13 without. Common passwords are refused. No symbols or capitals required.',
  ruleWithTotp: 'At least 8 characters. Common passwords are refused. No symbols or capitals required.',
  ruleWithoutTotp:
    'At least 13 characters (8 once two-step verification is on). Common passwords are refused.',
  new: 'New password',
  confirm: 'New password (again)',
  mismatch: 'The two passwords differ.',
};

export default password;
