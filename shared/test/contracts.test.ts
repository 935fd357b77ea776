import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCatalogue, operations, type Operation } from '../src/index.ts';
import { webOperationsModule } from '../src/contracts/web-manifest.ts';

describe('the contracts', () => {
  it('name each operation once and give each method and path to one operation', () => {
    const routes = Object.values(operations).map((o) => `${o.method} ${o.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    for (const [key, o] of Object.entries(operations) as [string, Operation][]) {
      expect(o.operationId).toBe(key);
      expect(o.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(o.path).toMatch(/^\/api\//);
      expect(o.summary.length, key).toBeGreaterThan(3);
      expect(o.tags.length, key).toBeGreaterThan(0);
    }
  });

  it('declare the errors each operation may answer, with the statuses of the catalogue', () => {
    for (const o of Object.values(operations) as Operation[]) {
      const statuses = Object.keys(o.errorStatuses).map(Number);
      expect(statuses, o.operationId).toEqual(expect.arrayContaining([429, 500, 503]));
      if (o.access !== 'public') expect(statuses, o.operationId).toContain(401);
      if (Array.isArray(o.access)) expect(statuses, o.operationId).toContain(403);
      if (o.params) expect(statuses, o.operationId).toContain(404);
      if (o.params || o.query || o.body) expect(statuses, o.operationId).toContain(400);
      for (const [status, codes] of Object.entries(o.errorStatuses))
        for (const code of codes) expect(errorCatalogue[code].status).toBe(Number(status));
    }
  });

  it('match the web client generated from them (run `pnpm --filter @tsunagu/shared gen`)', () => {
    const generated = readFileSync(new URL('../../web/src/api/operations.gen.ts', import.meta.url), 'utf8');
    expect(generated).toBe(webOperationsModule());
  });
});
