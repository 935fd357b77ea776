/** One mail in both forms, rendered from one template. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** A paragraph, or a link to the exact page the mail is about. */
export type Block = string | { href: string };

/** A mail's words: Japanese first, the English underneath. */
export interface MailTemplate {
  subject: { ja: string; en: string };
  ja: Block[];
  en: Block[];
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const textOf = (blocks: Block[]) => blocks.map((b) => (typeof b === 'string' ? b : b.href)).join('\n\n');

const htmlOf = (blocks: Block[]) =>
  blocks
    .map((b) =>
      typeof b === 'string'
        ? `<p>${escapeHtml(b).replace(/\n/g, '<br>')}</p>`
        : `<p><a href="${escapeHtml(b.href)}">${escapeHtml(b.href)}</a></p>`,
    )
    .join('\n');

/** Plain text and HTML from the same blocks; every value is escaped in the HTML. */
export function render(template: MailTemplate): MailContent {
  const subject = `【つなぐ】${template.subject.ja} / ${template.subject.en}`;
  const text = `${textOf(template.ja)}\n\n----------\n\n${textOf(template.en)}\n`;
  const html = [
    '<!doctype html>',
    '<html lang="ja"><head><meta charset="utf-8"><title>' + escapeHtml(subject) + '</title></head><body>',
    htmlOf(template.ja),
    '<hr>',
    `<div lang="en">\n${htmlOf(template.en)}\n</div>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
