import type { MessageCompiler, MessageContext } from 'vue-i18n';

/**
 * A tiny message compiler for our messages, which use only named interpolation (`{name}`).
 * With it the build drops vue-i18n's full compiler (`__INTLIFY_DROP_MESSAGE_COMPILER__`),
 * which saves about 8 KiB of gzipped start-up JavaScript. Messages use no pluralisation,
 * linked messages or literal syntax; `test/i18n.test.ts` checks every message against this.
 */
export const PLACEHOLDER = /\{(\w+)\}/g;

export function compileMessage(message: string): (ctx: Pick<MessageContext, 'named'>) => string {
  const parts = message.split(/\{(\w+)\}/);
  if (parts.length === 1) return () => message;
  return (ctx) => parts.map((part, i) => (i % 2 === 1 ? String(ctx.named(part) ?? '') : part)).join('');
}

export const messageCompiler = ((message: unknown) =>
  typeof message === 'string' ? compileMessage(message) : () => '') as unknown as MessageCompiler;
