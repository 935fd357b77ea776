import type { MessageSchema } from '../ja.ts';

const directory: MessageSchema['directory'] = {
  title: 'Find coordinators',
  filters: 'Filters',
  showFilters: 'Filters',
  q: 'Keyword (name, organisation, qualification, medical care, introduction)',
  area: 'Area (圏域)',
  municipality: 'Municipality',
  qualification: 'Qualification',
  orgType: 'Organisation type',
  careType: 'Medical care experience',
  domain: 'Support domain',
  accepting: 'Taking consultations now',
  sort: 'Sort by',
  sorts: {
    kana: 'Kana A→Z',
    '-kana': 'Kana Z→A',
    trainingYear: 'Training year (oldest first)',
    '-trainingYear': 'Training year (newest first)',
    '-updated': 'Recently updated',
    relevance: 'Relevance',
  },
  results: 'Results',
  total: '{n} found',
  totalCapped: 'More than {n} found',
  empty: 'No coordinator matches. Try fewer conditions.',
  acceptingBadge: 'Taking consultations',
  notAccepting: 'Not taking consultations',
  noOrganization: 'No organisation',
  selected: '{n} selected',
};

export default directory;
