import { describe, expect, it } from 'vitest';
import ja from '../src/i18n/ja.ts';
import en from '../src/i18n/en.ts';
import { compileMessage } from '../src/i18n/compiler.ts';

type Tree = { [key: string]: string | Tree };
function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('messages', () => {
  const jaLeaves = leaves(ja as unknown as Tree);
  const enLeaves = leaves(en as unknown as Tree);

  it('English has exactly the keys of Japanese, with the same placeholders', () => {
    expect([...enLeaves.keys()].sort()).toEqual([...jaLeaves.keys()].sort());
    for (const [key, text] of jaLeaves)
      expect(placeholders(enLeaves.get(key)!), key).toEqual(placeholders(text));
  });

  it('use only the syntax our compiler supports (no @, |, or unbalanced braces)', () => {
    for (const [key, text] of [...jaLeaves, ...enLeaves]) {
      expect(text, key).not.toMatch(/[@|]/);
      expect(text.replace(/\{\w+\}/g, ''), key).not.toMatch(/[{}]/);
    }
  });

  it('interpolates named values', () => {
    const named = (values: Record<string, unknown>) => ({ named: (k: string) => values[k] });
    expect(compileMessage('全{n}件')(named({ n: 12 }))).toBe('全12件');
    expect(compileMessage('{a} / {b}')(named({ a: 1, b: 'x' }))).toBe('1 / x');
    expect(compileMessage('plain')(named({}))).toBe('plain');
  });
});
