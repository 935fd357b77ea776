import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, setupApp, type TestApp } from './helper.ts';

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

const refusesUnknown = (schema: unknown) =>
  !!schema &&
  typeof schema === 'object' &&
  (schema as { additionalProperties?: unknown }).additionalProperties === false;

describe('every registered API route', () => {
  it('declares who may call it and schemas that refuse unknown fields', () => {
    const problems: string[] = [];
    expect(t.app.routeCatalog.length).toBeGreaterThan(20);
    for (const route of t.app.routeCatalog) {
      const name = `${route.method} ${route.url}`;
      if (!route.access) problems.push(`${name}: no access rule`);
      const schema = route.schema ?? {};
      if (!refusesUnknown(schema.querystring)) problems.push(`${name}: querystring schema missing or open`);
      if (route.url.includes(':') && !refusesUnknown(schema.params))
        problems.push(`${name}: params schema missing or open`);
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
      const url = route.url
        .replace(/:id/g, '00000000-0000-4000-8000-000000000000')
        .replace(/:token/g, 'x'.repeat(30));
      const res = await t.app.inject({
        method: route.method as 'GET',
        url,
        payload: ['GET', 'DELETE'].includes(route.method) ? undefined : {},
      });
      expect(res.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(res.json().code).toBe('unauthenticated');
    }
  });

  it('serves the OpenAPI description with every API route', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/coordinators',
        '/api/coordinators/{id}',
        '/api/me/profile',
        '/api/auth/login',
        '/api/areas',
        '/api/vocabularies',
        '/api/health',
      ]),
    );
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
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ email: 'a@example.jp', password: 'x'.repeat(2 * 1024 * 1024) }),
    });
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
    const junkBodies: unknown[] = [
      {},
      { unexpected: 1 },
      { id: 12, name: ['x'], status: { $ne: 1 } },
      [],
      'text',
    ];
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
        for (const [payload, query] of bodies.flatMap(
          (b) =>
            [
              [b, ''],
              [b, `?page=-1&pageSize=abc&q=${'%'.repeat(3)}&__proto__=1`],
            ] as const,
        )) {
          const res = await t.app.inject({
            method: route.method as 'GET',
            url: `${url}${query}`,
            headers: {
              authorization: `Bearer ${token}`,
              ...(typeof payload === 'string' ? { 'content-type': 'application/json' } : {}),
            },
            ...(payload === undefined ? {} : { payload: payload as string }),
          });
          if (res.statusCode >= 500)
            failures.push(
              `${role} ${route.method} ${route.url} ${JSON.stringify(payload)} → ${res.statusCode} ${res.body.slice(0, 120)}`,
            );
          else if (res.statusCode >= 400 && !res.json().message)
            failures.push(`${role} ${route.method} ${route.url} → ${res.statusCode} without a message`);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 120_000);
});

// ── Characters PostgreSQL cannot store (NUL, unpaired surrogates) ──

type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

/** Every place a schema accepts a string, as paths (an array's element is index 0). */
function stringPaths(schema: JsonSchema | undefined, path: (string | number)[] = []): (string | number)[][] {
  if (!schema || typeof schema !== 'object') return [];
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const found: (string | number)[][] = types.includes('string') ? [path] : [];
  for (const [key, sub] of Object.entries(schema.properties ?? {}))
    found.push(...stringPaths(sub, [...path, key]));
  if (schema.items) found.push(...stringPaths(schema.items, [...path, 0]));
  for (const sub of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])])
    found.push(...stringPaths(sub, path));
  const seen = new Set<string>();
  return found.filter((p) => p.length > 0 && !seen.has(p.join('.')) && seen.add(p.join('.')));
}

/** A value holding `text` at `path` (objects and arrays built on the way). */
function valueAt(path: (string | number)[], text: string): unknown {
  const [head, ...rest] = path;
  const inner = rest.length ? valueAt(rest, text) : text;
  return typeof head === 'number' ? [inner] : { [head as string]: inner };
}

const roleFor = (access: unknown) => (Array.isArray(access) ? (access[0] as 'coordinator') : 'coordinator');
const sampleUrl = (url: string, params: Record<string, string> = {}) =>
  url.replace(/:([a-zA-Z]+)/g, (_m, name: string) =>
    encodeURIComponent(
      params[name] ?? (name === 'token' ? 'x'.repeat(30) : '00000000-0000-4000-8000-000000000000'),
    ),
  );
// Signing out or refreshing would end the sessions the walk uses.
const walked = () =>
  t.app.routeCatalog.filter((r) => !['/api/auth/logout', '/api/auth/refresh'].includes(r.url));

async function tableCounts() {
  const tables = [
    'users',
    'organizations',
    'coordinator_profiles',
    'invitations',
    'sessions',
    'outbox',
    'audit_log',
    'consultations',
    'consultation_replies',
    'case_reports',
    'resources',
    'referrals',
    'referral_messages',
    'conversations',
    'import_jobs',
    'notifications',
  ];
  return Object.fromEntries(await Promise.all(tables.map(async (n) => [n, await t.count(n)] as const)));
}

describe('a character PostgreSQL cannot store is refused with 400 naming the field', () => {
  it('NUL in every string field of every body, query and path of every route, for an authorised role; nothing written', async () => {
    const before = await tableCounts();
    const failures: string[] = [];
    let checked = 0;
    for (const route of walked()) {
      const schema = (route.schema ?? {}) as Record<string, JsonSchema>;
      const headers =
        route.access === 'public' ? {} : { authorization: `Bearer ${await t.token(roleFor(route.access))}` };
      const hasBody = !['GET', 'DELETE'].includes(route.method);
      const attempts: { where: string; field: string; url: string; payload?: unknown }[] = [];
      if (hasBody && !route.rawBody)
        for (const path of stringPaths(schema.body))
          attempts.push({
            where: 'body',
            field: path.join('.'),
            url: sampleUrl(route.url),
            payload: valueAt(path, 'a\u0000b'),
          });
      for (const path of stringPaths(schema.querystring).filter(
        (p) => p.length === 1 || (p.length === 2 && p[1] === 0),
      ))
        attempts.push({
          where: 'query',
          field: String(path[0]),
          url: `${sampleUrl(route.url)}?${String(path[0])}=a%00b`,
          ...(hasBody && !route.rawBody ? { payload: {} } : {}),
        });
      for (const name of Object.keys(schema.params?.properties ?? {}))
        attempts.push({
          where: 'params',
          field: name,
          url: sampleUrl(route.url, { [name]: 'a\u0000b' }),
          ...(hasBody && !route.rawBody ? { payload: {} } : {}),
        });
      for (const a of attempts) {
        checked++;
        const res = await t.app.inject({
          method: route.method as 'GET',
          url: a.url,
          headers,
          ...(a.payload === undefined ? {} : { payload: a.payload as object }),
        });
        const body = res.statusCode < 500 ? res.json() : {};
        const field = body.details?.[0]?.field;
        if (
          res.statusCode !== 400 ||
          body.code !== 'validation' ||
          field !== a.field ||
          !/cannot be stored/.test(body.details?.[0]?.message ?? '')
        )
          failures.push(
            `${route.method} ${route.url} ${a.where}.${a.field} → ${res.statusCode} ${res.body.slice(0, 160)}`,
          );
      }
    }
    expect(failures).toEqual([]);
    // The search's `q`, organisation fields, invitation names, replies and review comments are among them.
    expect(checked).toBeGreaterThan(150);
    expect(await tableCounts()).toEqual(before);
  }, 120_000);

  it('an unpaired surrogate in any JSON body string ("\\ud800", "\\udfff") is refused the same way', async () => {
    const before = await tableCounts();
    const failures: string[] = [];
    for (const route of walked().filter((r) => !['GET', 'DELETE'].includes(r.method) && !r.rawBody)) {
      const headers =
        route.access === 'public' ? {} : { authorization: `Bearer ${await t.token(roleFor(route.access))}` };
      for (const [i, path] of stringPaths(
        (route.schema as Record<string, JsonSchema> | undefined)?.body,
      ).entries()) {
        // Written by hand: JSON.stringify would escape the surrogate the same way, but this is what a client sends.
        const payload = JSON.stringify(valueAt(path, 'MARK')).replace(
          '"MARK"',
          i % 2 ? '"x\\udfffy"' : '"x\\ud800"',
        );
        const res = await t.app.inject({
          method: route.method as 'POST',
          url: sampleUrl(route.url),
          headers: { ...headers, 'content-type': 'application/json' },
          payload,
        });
        const body = res.statusCode < 500 ? res.json() : {};
        if (res.statusCode !== 400 || body.details?.[0]?.field !== path.join('.'))
          failures.push(
            `${route.method} ${route.url} body.${path.join('.')} → ${res.statusCode} ${res.body.slice(0, 160)}`,
          );
      }
    }
    expect(failures).toEqual([]);
    expect(await tableCounts()).toEqual(before);
  }, 120_000);

  it('keeps well-formed text: a paired surrogate (an emoji) and Japanese pass the check', async () => {
    const token = await t.token('coordinator');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/coordinators?q=${encodeURIComponent('鳥取😀')}`,
      headers: bearer(token),
    });
    expect(res.statusCode).toBe(200);
  });
});
