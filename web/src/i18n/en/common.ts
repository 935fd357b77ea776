import type { MessageSchema } from '../ja.ts';

const common: MessageSchema['common'] = {
  save: 'Save',
  cancel: 'Cancel',
  close: 'Close',
  delete: 'Delete',
  add: 'Add',
  remove: 'Remove',
  search: 'Search',
  reset: 'Clear',
  yes: 'Yes',
  no: 'No',
  saved: 'Saved.',
  none: 'None',
  required: 'Required',
  years: '{n} yr',
  total: '{n} in all',
  page: 'Page',
  email: 'E-mail address',
  password: 'Password',
  displayName: 'Name',
  displayKana: 'Name in kana',
  role: 'Role',
  status: 'Status',
  createdAt: 'Created',
  selectAll: 'Select all',
  filterOptions: 'Filter the options',
  options: 'Options',
  retry: 'Reload',
};

export default common;
