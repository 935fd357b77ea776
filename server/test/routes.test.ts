import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupApp, type TestApp } from './helper.ts';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

const refusesUnknown = (schema: unknown) =>
  !!schema && typeof schema === 'object' && (schema as { additionalProperties?: unknown }).additionalProperties === false;

describe('every registered API route', () => {
  it('declares who may call it and schemas that refuse unknown fields', () => {
    const problems: string[] = [];
    expect(t.app.routeCatalog.length).toBeGreaterThan(20);
    for (const route of t.app.routeCatalog) {
      const name = `${route.method} ${route.url}`;
      if (!route.access) problems.push(`${name}: no access rule`);
      const schema = route.schema ?? {};
      if (!refusesUnknown(schema.querystring)) problems.push(`${name}: querystring schema missing or open`);
      if (route.url.includes(':') && !refusesUnknown(schema.params)) problems.push(`${name}: params schema missing or open`);
      if (['POST', 'PATCH', 'PUT'].includes(route.method) && !route.rawBody) {
        // A POST without fields still declares an empty closed body, except the cookie-only refresh/logout.
        const bodyless = ['/api/auth/refresh', '/api/auth/logout'].includes(route.url);
        if (!bodyless && !refusesUnknown(schema.body)) problems.push(`${name}: body schema missing or open`);
      }
      if (!schema.response) problems.push(`${name}: no response schema`);
    }
    expect(problems).toEqual([]);
  });

  it('answers 401 without a token on every non-public route, never 500', async () => {
    for (const route of t.app.routeCatalog) {
      if (route.access === 'public') continue;
      const url = route.url.replace(/:id/g, '00000000-0000-4000-8000-000000000000').replace(/:token/g, 'x'.repeat(30));
      const res = await t.app.inject({ method: route.method as 'GET', url, payload: ['GET', 'DELETE'].includes(route.method) ? undefined : {} });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(res.json().code).toBe('unauthenticated');
    }
  });

  it('serves the OpenAPI description with every API route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/coordinators', '/api/coordinators/{id}', '/api/me/profile', '/api/auth/login', '/api/areas', '/api/vocabularies', '/api/health']));
  });

  it('sends security headers with a CSP that allows no inline script', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.json()).toMatchObject({ status: 'ok', database: { state: 'up' } });
  });

  it('refuses an over-large body with 413 and a readable message', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email: 'a@example.jp', password: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
  });

  it('answers unknown API paths with a 404 body', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('not_found');
  });
});

describe('bad input never answers 500', () => {
  it('refuses junk bodies, params and queries on every route, for every role', async () => {
    const junkBodies: unknown[] = [{}, { unexpected: 1 }, { id: 12, name: ['x'], status: { $ne: 1 } }, [], 'text'];
    const failures: string[] = [];
    for (const role of ['coordinator', 'supporter', 'center_staff', 'admin'] as const) {
      const token = await t.token(role);
      // Signing out would end the session the rest of the walk uses.
      for (const route of t.app.routeCatalog.filter((r) => r.url !== '/api/auth/logout')) {
        const url = route.url
          .replace(/:id/g, '00000000-0000-4000-8000-000000000000')
          .replace(/:userId/g, 'not-a-uuid')
          .replace(/:token/g, 'x'.repeat(30))
          .replace(/:[a-zA-Z]+/g, 'x');
        const bodies = ['GET', 'DELETE'].includes(route.method) ? [undefined] : junkBodies;
        for (const [payload, query] of bodies.flatMap((b) => [[b, ''], [b, `?page=-1&pageSize=abc&q=${'%'.repeat(3)}&__proto__=1`]] as const)) {
          const res = await t.app.inject({
            method: route.method as 'GET',
            url: `${url}${query}`,
            headers: { authorization: `Bearer ${token}`, ...(typeof payload === 'string' ? { 'content-type': 'application/json' } : {}) },
            ...(payload === undefined ? {} : { payload: payload as string }),
          });
          if (res.statusCode >= 500) failures.push(`${role} ${route.method} ${route.url} ${JSON.stringify(payload)} → ${res.statusCode} ${res.body.slice(0, 120)}`);
          else if (res.statusCode >= 400 && !res.json().message) failures.push(`${role} ${route.method} ${route.url} → ${res.statusCode} without a message`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});
