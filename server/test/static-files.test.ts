import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type TestApp } from './helper.ts';
import { listen } from './support/sockets.ts';

/**
 * The built web app as the build leaves it (web/vite.config.ts): each text file with a `.br` and
 * a `.gz` beside it. Served over a real socket, so the bytes on the wire are checked.
 */
const dist = mkdtempSync(join(tmpdir(), 'tsunagu-dist-'));
const script = `export const greeting = ${JSON.stringify('こんにちは、つなぐ。'.repeat(400))};\n`;
const style = `.card { padding: 1rem; }\n`.repeat(200);
const page = `<!doctype html><html lang="ja"><head><script type="module" src="/assets/index-Ab12_-Z9.js"></script></head><body>${'<!-- つなぐ -->'.repeat(100)}</body></html>`;
const files: Record<string, string> = {
  'index.html': page,
  'assets/index-Ab12_-Z9.js': script,
  'assets/index-Cd34EfGh.css': style,
};
mkdirSync(join(dist, 'assets'));
for (const [name, text] of Object.entries(files)) {
  writeFileSync(join(dist, name), text);
  writeFileSync(join(dist, `${name}.br`), brotliCompressSync(text));
  writeFileSync(join(dist, `${name}.gz`), gzipSync(text));
}
writeFileSync(join(dist, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');

let t: TestApp;
let base: string;
beforeAll(async () => {
  t = await setupApp({ WEB_DIST: dist });
  base = await listen(t.app);
});
afterAll(() => t.close());

/** A GET with the given Accept-Encoding, answered as raw bytes (nothing decodes them on the way). */
function get(path: string, acceptEncoding?: string) {
  return new Promise<{
    status: number;
    headers: Record<string, string | string[] | undefined>;
    body: Buffer;
  }>((resolve, reject) => {
    const req = httpRequest(
      `${base}${path}`,
      { headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const decode = (body: Buffer, encoding: string | undefined) =>
  (encoding === 'br' ? brotliDecompressSync(body) : encoding === 'gzip' ? gunzipSync(body) : body).toString(
    'utf8',
  );

describe('static files: precompressed, cached by name', () => {
  for (const [path, file, type] of [
    ['/assets/index-Ab12_-Z9.js', 'assets/index-Ab12_-Z9.js', /javascript/],
    ['/assets/index-Cd34EfGh.css', 'assets/index-Cd34EfGh.css', /text\/css/],
  ] as const)
    it(`${path}: brotli, gzip or plain as the client accepts, cached for a year`, async () => {
      for (const [accept, encoding] of [
        ['gzip, deflate, br, zstd', 'br'],
        ['br;q=1.0, gzip;q=0.8', 'br'],
        ['gzip', 'gzip'],
        ['identity', undefined],
        [undefined, undefined],
      ] as const) {
        const res = await get(path, accept);
        expect(res.status, accept).toBe(200);
        expect(res.headers['content-encoding'], accept).toBe(encoding);
        expect(res.headers.vary, accept).toMatch(/accept-encoding/i);
        expect(res.headers['content-type'], accept).toMatch(type);
        expect(res.headers['cache-control'], accept).toBe('public, max-age=31536000, immutable');
        if (encoding) expect(res.body.length, accept).toBeLessThan(Buffer.byteLength(files[file]!) / 2);
        expect(decode(res.body, encoding), accept).toBe(files[file]);
      }
    });

  it('index.html, asked for by name or by any app route, is compressed and never cached stale', async () => {
    for (const path of ['/', '/coordinators/123', '/login']) {
      for (const [accept, encoding] of [
        ['br, gzip', 'br'],
        ['gzip', 'gzip'],
        [undefined, undefined],
      ] as const) {
        const res = await get(path, accept);
        expect(res.status, `${path} ${accept}`).toBe(200);
        expect(res.headers['content-encoding'], `${path} ${accept}`).toBe(encoding);
        expect(res.headers['content-type']).toMatch(/text\/html/);
        expect(res.headers['cache-control'], path).toBe('no-cache');
        expect(res.headers.vary).toMatch(/accept-encoding/i);
        expect(decode(res.body, encoding)).toBe(page);
      }
    }
  });

  it('a file built without compressed copies is sent as it is, revalidated (not hashed)', async () => {
    const res = await get('/favicon.svg', 'br, gzip');
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.body.toString()).toContain('<svg');
  });

  it('an unknown asset or API path is a 404, not the app page', async () => {
    expect((await get('/assets/missing-00000000.js', 'br')).status).toBe(404);
    const api = await get('/api/nothing-here', 'gzip');
    expect(api.status).toBe(404);
    expect(JSON.parse(decode(api.body, api.headers['content-encoding'] as string | undefined)).code).toBe(
      'not_found',
    );
  });
});
