import { createI18n, useI18n } from 'vue-i18n';
import ja, { type MessageSchema } from './ja.ts';
import { messageCompiler } from './compiler.ts';

export type Locale = 'ja' | 'en';
export const locales: readonly Locale[] = ['ja', 'en'];
const STORAGE_KEY = 'tsunagu.locale';

/** Every dot path to a string of the source locale: `t()` accepts only these. */
type Paths<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Paths<T[K], `${P}${K}.`>;
}[keyof T & string];
export type MessageKey = Paths<MessageSchema>;

export function isLocale(v: unknown): v is Locale {
  return v === 'ja' || v === 'en';
}

function storedLocale(): Locale {
  try {
    const v = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (isLocale(v)) return v;
  } catch {
    /* storage disabled: use the default */
  }
  return 'ja';
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'ja',
  // English is loaded on demand (`loadLocale`); Japanese is the source and always present.
  messages: { ja } as Record<Locale, MessageSchema>,
  messageCompiler,
  missingWarn: false,
  fallbackWarn: false,
});

export function currentLocale(): Locale {
  return i18n.global.locale.value;
}

/** Fetches a locale's messages if they are not loaded yet. */
export async function loadLocale(locale: Locale): Promise<void> {
  if (locale === 'ja' || i18n.global.availableLocales.includes(locale)) return;
  const { default: messages } = await import('./en.ts');
  i18n.global.setLocaleMessage(locale, messages);
}

/** Switches the UI language, remembers it, and keeps `<html lang>` in step. */
export async function setLocale(locale: Locale): Promise<void> {
  await loadLocale(locale);
  i18n.global.locale.value = locale;
  document.documentElement.lang = locale;
  try {
    localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    /* storage disabled */
  }
}

/** `t` restricted to the keys of the source locale, plus the current locale as a ref. */
export function useT() {
  const { t, locale } = useI18n<[MessageSchema], Locale>();
  const typed = (key: MessageKey, named?: Record<string, unknown>): string =>
    named ? t(key, named) : t(key);
  return { t: typed, locale };
}
