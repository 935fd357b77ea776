import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../src', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : /\.(ts|vue)$/.test(name) ? [path] : [];
  });
}

describe('the web reaches the API only through the typed client', () => {
  it('writes no API URL outside src/api', () => {
    const offenders = files(src)
      .map((path) => relative(src, path))
      .filter((file) => !file.startsWith('api/'))
      .filter((file) => /['"`]\/api\//.test(readFileSync(join(src, file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
