import type { MessageSchema } from '../ja.ts';

const lang: MessageSchema['lang'] = { label: 'Language', ja: '日本語', en: 'English' };

export default lang;
