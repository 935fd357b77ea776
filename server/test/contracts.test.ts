import { createConfig, lintFromString } from '@redocly/openapi-core';
import { operations, type Operation } from '@tsunagu/shared';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type TestApp } from './helper.ts';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

interface OpenApiOperation {
  operationId?: string;
  security?: unknown[];
  responses?: Record<string, unknown>;
}

describe('routes come from the contracts in shared', () => {
  it('registers every contract operation, once, at its method and path', () => {
    const registered = new Map(t.app.routeCatalog.map((r) => [`${r.method} ${r.url}`, r]));
    for (const o of Object.values(operations) as Operation[]) {
      const route = registered.get(`${o.method} ${o.path}`);
      expect(route, `${o.operationId}: ${o.method} ${o.path}`).toBeDefined();
      expect(route!.access).toEqual(o.access);
    }
  });

  it('refuses, at start-up, an API route registered outside a contract', async () => {
    const { buildApp } = await import('../src/app.ts');
    const app = await buildApp({ config: t.app.config, database: t.database, logger: false });
    // A hand-written route under a contracted prefix: the app must not start with it.
    expect(() =>
      app.get('/api/organization-requests/extra', { config: { access: 'authenticated' } }, async () => ({})),
    ).toThrow(/not registered from a contract/);
    await app.close();
    // Outside the API (the SPA, the socket) needs no contract.
    const plain = Fastify();
    plain.get('/elsewhere', async () => ({}));
    await plain.close();
  });
});

describe('the OpenAPI document', () => {
  let doc: { paths: Record<string, Record<string, OpenApiOperation>> };
  beforeAll(async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    doc = res.json();
  });

  it('names every contract operation and declares its errors and security', () => {
    for (const o of Object.values(operations) as Operation[]) {
      const path = o.path.replace(/:([A-Za-z]+)/g, '{$1}');
      const op = doc.paths[path]?.[o.method.toLowerCase()];
      expect(op, `${o.operationId}`).toBeDefined();
      expect(op!.operationId).toBe(o.operationId);
      const statuses = Object.keys(op!.responses ?? {});
      expect(statuses).toEqual(expect.arrayContaining(['429', '500', '503']));
      if (o.access !== 'public') {
        expect(statuses, o.operationId).toEqual(expect.arrayContaining(['401']));
        expect(op!.security).toEqual([{ bearer: [] }]);
      } else if (!o.cookieAuth) expect(op!.security).toEqual([]);
      if (Array.isArray(o.access)) expect(statuses, o.operationId).toContain('403');
      if (o.params) expect(statuses, o.operationId).toContain('404');
      if (o.params || o.query || o.body) expect(statuses, o.operationId).toContain('400');
    }
  });

  it('gives every operation an operationId, unique across the document', () => {
    const ids: string[] = [];
    for (const [path, item] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(item)) {
        if (!path.startsWith('/api/') || path.startsWith('/api/docs')) continue;
        expect(op.operationId, `${method} ${path}`).toMatch(/^[a-z][A-Za-z]+$/);
        ids.push(op.operationId!);
        expect(method).toMatch(/^(get|post|put|patch|delete)$/);
      }
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(Object.keys(operations).length);
  });

  it("passes Redocly's recommended rules with no error", async () => {
    const config = await createConfig({
      extends: ['recommended'],
      rules: {
        // Served from the app's own origin; there is no separate server list or licence.
        'no-server-example.com': 'off',
        'no-empty-servers': 'off',
        'info-license': 'off',
        'info-license-url': 'off',
      },
    });
    const problems = await lintFromString({
      source: JSON.stringify(doc),
      absoluteRef: 'openapi.json',
      config,
    });
    const errors = problems
      .filter((p) => p.severity === 'error')
      .map((p) => `${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`);
    expect(errors).toEqual([]);
  });
});
