import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, seedDemo, type Database } from '@tsunagu/db';
import { createTestDatabase } from '@tsunagu/db/testing';
import { defaultRegionFile } from '@tsunagu/shared';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { isUnavailable } from '../src/lib/unavailable.ts';
import type { App } from '../src/types.ts';
import { openThroughProxy, startDbProxy, targetOf, type DbProxy } from './support/db-proxy.ts';
import { demoEmails } from './helper.ts';

// The app reaches its (real) database through a TCP proxy that the test cuts and restores.
let direct: Database;
let proxied: Database;
let proxy: DbProxy;
let app: App;
let token: string;

beforeAll(async () => {
  direct = await createTestDatabase();
  await seedDemo(direct, defaultRegionFile);
  proxy = await startDbProxy(targetOf(direct));
  proxied = openThroughProxy(direct, proxy);
  const config = loadConfig({
    NODE_ENV: 'test',
    JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'tsunagu-test-')),
    LOG_LEVEL: 'silent',
    WEB_DIST: '/nonexistent',
    LOGIN_RATE_LIMIT: '100000',
  });
  app = await buildApp({ config, database: proxied });
  await app.ready();
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: demoEmails.coordinator, password: DEMO_PASSWORD },
  });
  expect(res.statusCode).toBe(200);
  token = res.json().accessToken;
});
afterAll(async () => {
  await app?.close();
  await proxied?.close();
  await proxy?.close();
  await direct?.close();
});

const call = (method: 'GET' | 'PATCH' | 'POST', url: string, payload?: object, auth = true) =>
  app.inject({
    method,
    url,
    ...(auth ? { headers: { authorization: `Bearer ${token}` } } : {}),
    ...(payload ? { payload } : {}),
  });

describe('while the database is out of reach', () => {
  it('REST answers 503 unavailable with Retry-After, at once, then 200 again without a restart', async () => {
    expect((await call('GET', '/api/coordinators')).statusCode).toBe(200);

    proxy.cut();
    const started = Date.now();
    const requests = [
      call('GET', '/api/coordinators'),
      call('GET', '/api/coordinators?q=%E9%B3%A5%E5%8F%96'),
      call('PATCH', '/api/me/profile', { introduction: 'during the outage' }),
      // A sign-in is not refused as wrong credentials: the database could not be asked.
      call('POST', '/api/auth/login', { email: demoEmails.coordinator, password: DEMO_PASSWORD }, false),
    ];
    for (const res of await Promise.all(requests)) {
      expect(res.statusCode, res.body).toBe(503);
      expect(res.json()).toMatchObject({
        code: 'unavailable',
        message: expect.any(String),
        messageEn: expect.stringMatching(/briefly unavailable/),
      });
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
    // Not a hang until the client gives up: a request learns at once that it should come back.
    expect(Date.now() - started).toBeLessThan(6000);
    const health = await call('GET', '/api/health', undefined, false);
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: 'degraded', database: { state: 'down' } });
    expect(health.headers['retry-after']).toBeDefined();

    proxy.restore();
    const health2 = await call('GET', '/api/health', undefined, false);
    expect(health2.statusCode).toBe(200);
    expect(health2.json()).toMatchObject({ status: 'ok', database: { state: 'up' } });
    expect((await call('GET', '/api/coordinators')).statusCode).toBe(200);
    const saved = await call('PATCH', '/api/me/profile', { introduction: 'after the outage' });
    expect(saved.statusCode, saved.body).toBe(200);
    // The write refused during the outage left nothing; the one after it is stored.
    const { rows } = await direct.pool.query(
      `SELECT introduction FROM coordinator_profiles p JOIN users u ON u.id = p.user_id WHERE u.email = $1`,
      [demoEmails.coordinator],
    );
    expect(rows[0].introduction).toBe('after the outage');
  });

  it('a second outage is recognised too (the pool keeps no broken connection)', async () => {
    proxy.cut();
    expect((await call('GET', '/api/coordinators')).statusCode).toBe(503);
    proxy.restore();
    // A connection that was idle in the pool when the link broke fails the one request that
    // draws it (a 503 with Retry-After, never a wrong answer) and is discarded: within as many
    // requests as the pool holds connections, every request succeeds again, and keeps succeeding.
    const statuses: number[] = [];
    for (let i = 0; i < 10 && statuses.at(-1) !== 200; i++)
      statuses.push((await call('GET', '/api/coordinators')).statusCode);
    expect(statuses.at(-1)).toBe(200);
    expect(statuses.filter((s) => s === 503).length).toBeLessThanOrEqual(proxied.pool.options.max ?? 10);
    for (let i = 0; i < 5; i++) expect((await call('GET', '/api/coordinators')).statusCode).toBe(200);
  });
});

describe('isUnavailable', () => {
  it('recognises transient failures and nothing else', () => {
    const sys = (code: string, syscall = 'connect') => Object.assign(new Error(code), { code, syscall });
    for (const e of [
      sys('ECONNREFUSED'),
      sys('ECONNRESET', 'read'),
      sys('ETIMEDOUT'),
      sys('ENOENT'),
      Object.assign(new Error('the database system is starting up'), { code: '57P03' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('sorry, too many clients already'), { code: '53300' }),
      Object.assign(new Error('connection failure'), { code: '08006' }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      new Error('Failed query: select 1', { cause: sys('ECONNREFUSED') }),
      new AggregateError([sys('ECONNREFUSED'), sys('ECONNREFUSED')]),
    ])
      expect(isUnavailable(e), String(e.message)).toBe(true);
    for (const e of [
      new Error('boom'),
      sys('ENOENT', 'open'),
      Object.assign(new Error('duplicate key'), { code: '23505' }),
      Object.assign(new Error('invalid byte sequence'), { code: '22021' }),
      Object.assign(new Error('deadlock detected'), { code: '40P01' }),
      null,
      'ECONNREFUSED',
    ])
      expect(isUnavailable(e)).toBe(false);
  });
});
