export default { label: '表示言語', ja: '日本語', en: 'English' } as const;
