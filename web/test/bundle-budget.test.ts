import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { build, type Manifest } from 'vite';
import { describe, expect, it } from 'vitest';

const BUDGET = 100 * 1024;
const webRoot = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(webRoot, 'dist');

/** The entry chunk and every chunk it imports statically (what the browser loads first). */
export function initialChunks(manifest: Manifest): string[] {
  const entry = Object.entries(manifest).find(([, c]) => c.isEntry);
  if (!entry) throw new Error('no entry chunk in the Vite manifest');
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const dep of manifest[key]?.imports ?? []) visit(dep);
  };
  visit(entry[0]);
  return [...seen].map((key) => manifest[key]!.file);
}

describe('bundle budget', () => {
  it(`keeps the initial JavaScript under ${BUDGET / 1024} KiB gzipped`, async () => {
    // Vitest sets NODE_ENV=test, which would make Vite build Vue's development bundles.
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        root: webRoot,
        mode: 'production',
        configFile: join(webRoot, 'vite.config.ts'),
        logLevel: 'warn',
      });
    } finally {
      process.env.NODE_ENV = previous;
    }
    const manifest = JSON.parse(readFileSync(join(outDir, '.vite/manifest.json'), 'utf8')) as Manifest;
    const files = initialChunks(manifest);
    const sizes = files.map((file) => ({
      file,
      gz: gzipSync(readFileSync(join(outDir, file)), { level: 9 }).length,
    }));
    const total = sizes.reduce((sum, s) => sum + s.gz, 0);
    for (const s of sizes) console.log(`  ${s.file}: ${(s.gz / 1024).toFixed(1)} KiB gz`);
    console.log(`initial JS: ${(total / 1024).toFixed(1)} KiB gzipped (budget ${BUDGET / 1024} KiB)`);
    expect(files.every((f) => f.endsWith('.js'))).toBe(true);
    expect(total).toBeLessThanOrEqual(BUDGET);
    // The server sends these copies (server/src/plugins/spa.ts): each must be the file, compressed
    // (files under 1 KiB are not worth it and have none).
    for (const file of [...files, 'index.html']) {
      const original = readFileSync(join(outDir, file));
      if (original.length < 1024) continue;
      expect(brotliDecompressSync(readFileSync(join(outDir, `${file}.br`))).equals(original), file).toBe(
        true,
      );
      expect(gunzipSync(readFileSync(join(outDir, `${file}.gz`))).equals(original), file).toBe(true);
    }
  });
});
