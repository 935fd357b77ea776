import type { MessageSchema } from '../ja.ts';

const app: MessageSchema['app'] = {
  name: 'Tsunagu',
  tagline: 'Network of medical-care child coordinators',
  skipToContent: 'Skip to content',
  loading: 'Loading…',
  notFound: 'Page not found',
  backHome: 'Back to the start page',
  mainNav: 'Main menu',
};

export default app;
