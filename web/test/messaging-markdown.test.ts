import { createSSRApp, h } from 'vue';
import { renderToString } from 'vue/server-renderer';
import { describe, expect, it } from 'vitest';
import { plainText, renderMarkdown } from '../src/features/messaging/markdown.ts';
import { handleOf } from '../src/features/messaging/mentions.ts';

const html = (text: string) => renderToString(createSSRApp({ render: () => h('div', renderMarkdown(text)) }));

describe('message markdown (token stream → VNodes)', () => {
  it('renders the subset: emphasis, code, lists, quotes, line breaks', async () => {
    const out = await html('**太字** と *斜体* と `code`\n次の行\n\n- 一\n- 二\n\n> 引用');
    expect(out).toContain('<strong>太字</strong>');
    expect(out).toContain('<em>斜体</em>');
    expect(out).toContain('<code>code</code>');
    expect(out).toContain('<br>');
    expect(out).toContain('<ul><li>一</li><li>二</li></ul>');
    expect(out).toContain('<blockquote><p>引用</p></blockquote>');
  });

  it('never lets raw HTML through: it is text', async () => {
    const out = await html('<img src=x onerror="alert(1)"><script>alert(2)</script>');
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<script');
    expect(out).toContain('&lt;img');
  });

  it('opens http(s) links in a new tab without the opener, and drops other schemes', async () => {
    const out = await html(
      '[資料](https://example.jp/a) [x](javascript:alert(1)) [y](data:text/html,hi) https://example.jp/b',
    );
    expect(out).toContain(
      '<a href="https://example.jp/a" target="_blank" rel="noopener noreferrer nofollow ugc">資料</a>',
    );
    expect(out).toContain('<a href="https://example.jp/b"');
    expect(out).not.toMatch(/href="(javascript|data):/);
  });

  it('makes previews and mention handles', () => {
    expect(plainText('**重要**: `x` を確認')).toBe('重要: x を確認');
    expect(handleOf('山田 花子')).toBe('山田花子');
    expect(handleOf('山田　花子')).toBe('山田花子');
  });
});
