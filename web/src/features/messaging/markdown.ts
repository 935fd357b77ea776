import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { h, type VNode } from 'vue';

/**
 * The markdown subset of messages, rendered to VNodes from markdown-it's token stream: no HTML
 * string is ever produced or parsed (raw HTML is off, and Vue escapes every text), only the
 * tags below are created, and links must be http(s) or mailto and open in a new tab safely.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true }).disable([
  'table',
  'heading',
  'lheading',
  'image',
  'hr',
  'reference',
]);

const TAGS = new Set(['p', 'em', 'strong', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'a']);
const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

type Child = VNode | string;
interface Open {
  tag: string | null;
  props: Record<string, string>;
  children: Child[];
}

function propsOf(t: Token): { tag: string | null; props: Record<string, string> } {
  if (t.hidden || !TAGS.has(t.tag)) return { tag: t.tag === 'a' ? 'span' : null, props: {} };
  if (t.tag === 'a') {
    const href = String(t.attrGet('href') ?? '');
    if (!SAFE_LINK.test(href)) return { tag: 'span', props: {} };
    return { tag: 'a', props: { href, target: '_blank', rel: 'noopener noreferrer nofollow ugc' } };
  }
  if (t.tag === 'ol' && t.attrGet('start'))
    return { tag: 'ol', props: { start: String(Number(t.attrGet('start')) || 1) } };
  return { tag: t.tag, props: {} };
}

function render(tokens: Token[], out: Child[]): void {
  const stack: Open[] = [];
  const push = (c: Child | Child[]) => (stack.at(-1)?.children ?? out).push(...(Array.isArray(c) ? c : [c]));
  for (const t of tokens) {
    if (t.type === 'inline') {
      const inner: Child[] = [];
      render(t.children ?? [], inner);
      push(inner);
    } else if (t.nesting === 1) {
      stack.push({ ...propsOf(t), children: [] });
    } else if (t.nesting === -1) {
      const n = stack.pop();
      if (n) push(n.tag ? h(n.tag, n.props, n.children) : n.children);
    } else if (t.type === 'text') push(t.content);
    else if (t.type === 'code_inline') push(h('code', t.content));
    else if (t.type === 'fence' || t.type === 'code_block') push(h('pre', [h('code', t.content)]));
    else if (t.type === 'softbreak' || t.type === 'hardbreak') push(h('br'));
    else if (t.content) push(t.content);
  }
  while (stack.length) push(stack.pop()!.children);
}

/** The message text as VNodes. */
export function renderMarkdown(text: string): Child[] {
  const out: Child[] = [];
  render(md.parse(text, {}), out);
  return out;
}

/** Plain text for previews: the markdown marks removed. */
export function plainText(text: string): string {
  const out: string[] = [];
  const walk = (tokens: Token[]) => {
    for (const t of tokens) {
      if (t.children) walk(t.children);
      else if (t.type === 'text' || t.type === 'code_inline') out.push(t.content);
      else if (t.type === 'softbreak' || t.type === 'hardbreak' || t.type === 'paragraph_close')
        out.push(' ');
    }
  };
  walk(md.parse(text, {}));
  return out.join('').trim();
}
