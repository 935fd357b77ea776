import type { MessageSchema } from '../ja.ts';

const settings: MessageSchema['settings'] = {
  title: 'Centre settings',
  readOnly: 'You can read these settings; only an admin can change them.',
  saved: 'Saved.',
  targetsTitle: 'First-response targets',
  targetsIntro:
    'For each priority, the time to a first response, counted in business time (weekdays 9:00–17:00, closure days excluded).',
  amount: 'Amount',
  unit: 'Unit',
  units: { hours: 'business hours', days: 'business days' },
  saveTargets: 'Save targets',
  closuresTitle: 'Closure days',
  yearEnd: 'The centre is closed every year over the new year ({from} to {to}). Add other days it is closed.',
  monthDay: '{m}/{d}',
  noClosures: 'No closure days added.',
  closureDate: 'Closure day',
  closureNote: 'Note (optional)',
  addClosure: 'Add closure day',
  removeClosure: 'Remove',
  removeClosureOf: 'Remove the closure day {date}',
  retentionTitle: 'Referral retention',
  retentionIntro: "How long a family's details are kept is set with the referrals.",
  retentionLink: 'Go to referrals',
};

export default settings;
