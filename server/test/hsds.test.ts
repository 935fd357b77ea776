import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, setupApp, type TestApp } from './helper.ts';

/** The HSDS 3.0 JSON schemas (fixtures copied from the specification, CC BY-SA 4.0). */
const dir = fileURLToPath(new URL('./fixtures/hsds/', import.meta.url));
const BASE = 'https://hsds.test/schema/';
const ajv = addFormats.default(new Ajv2020({ strict: false, allErrors: true }));
for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')))
  ajv.addSchema({ ...JSON.parse(readFileSync(join(dir, file), 'utf8')), $id: `${BASE}${file}` });
for (const file of readdirSync(join(dir, 'compiled')))
  ajv.addSchema({
    ...JSON.parse(readFileSync(join(dir, 'compiled', file), 'utf8')),
    $id: `${BASE}compiled/${file}`,
  });

function valid(schema: string, data: unknown) {
  const validate = ajv.getSchema(`${BASE}${schema}`)!;
  expect(validate, schema).toBeDefined();
  const ok = validate(data);
  expect(ok ? [] : validate.errors, `${schema}: ${JSON.stringify(data).slice(0, 300)}`).toEqual([]);
}
const pageShape = {
  total_items: expect.any(Number),
  total_pages: expect.any(Number),
  page_number: expect.any(Number),
  size: expect.any(Number),
  first_page: expect.any(Boolean),
  last_page: expect.any(Boolean),
  empty: expect.any(Boolean),
  contents: expect.any(Array),
};

let t: TestApp;
beforeAll(async () => {
  t = await setupApp();
});
afterAll(() => t.close());

const get = async (url: string) => {
  const res = await t.app.inject({ method: 'GET', url });
  return { status: res.statusCode, body: res.json() };
};

describe('HSDS 3.0 export (public)', () => {
  it('the schemas themselves reject a wrong object (the validation is real)', () => {
    const validate = ajv.getSchema(`${BASE}compiled/service_with_definitions.json`)!;
    expect(validate({ id: 'not-a-uuid', name: 'x', status: 'open' })).toBe(false);
    expect(
      ajv.getSchema(`${BASE}organization.json`)!({ id: '6f1d3c52-a4e9-4b0e-8a1b-2f0c7d9e5a31', name: 'x' }),
    ).toBe(false);
  });

  it('lists services in the HSDS page shape, each valid', async () => {
    const { status, body } = await get('/api/hsds/services?per_page=10');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      ...pageShape,
      page_number: 1,
      size: 10,
      first_page: true,
      last_page: false,
      empty: false,
    });
    expect(body.total_items).toBe(await t.count('resources'));
    expect(body.total_pages).toBe(Math.ceil(body.total_items / 10));
    expect(body.contents).toHaveLength(10);
    for (const s of body.contents) valid('compiled/service_list.json', s);
    const last = await get(`/api/hsds/services?per_page=10&page=${body.total_pages}`);
    expect(last.body).toMatchObject({ last_page: true, first_page: false });
    expect((await get('/api/hsds/services?page=999')).body).toMatchObject({ empty: true, contents: [] });
  });

  it('serves a fully nested service with the medical-care types as taxonomy terms', async () => {
    const { body: list } = await get('/api/hsds/services?full=true&per_page=500');
    for (const s of list.contents) {
      valid('compiled/service_with_definitions.json', s);
      valid('service.json', s);
    }
    const ventilated = list.contents.find((s: { attributes: { taxonomy_term: { code: string } }[] }) =>
      s.attributes.some((a) => a.taxonomy_term.code === 'ventilator'),
    );
    const { status, body } = await get(`/api/hsds/services/${ventilated.id}`);
    expect(status).toBe(200);
    valid('compiled/service_with_definitions.json', body);
    expect(body).toEqual(ventilated);
    const { body: taxonomies } = await get('/api/hsds/taxonomies');
    const care = taxonomies.contents.find(
      (x: { name: string }) => x.name === '医療的ケア (医療的ケア判定スコア)',
    );
    expect(care).toBeDefined();
    const attr = body.attributes.find(
      (a: { taxonomy_term: { code: string } }) => a.taxonomy_term.code === 'ventilator',
    );
    expect(attr).toMatchObject({
      link_id: body.id,
      link_entity: 'service',
      taxonomy_term: { taxonomy_id: care.id, name: '人工呼吸器の管理' },
    });
    expect(body.service_at_locations[0]).toMatchObject({
      service_id: body.id,
      location: { organization_id: body.organization_id },
    });
    expect(body.service_areas.length).toBeGreaterThan(0);
  });

  it('lists and serves organizations, service_at_locations, taxonomies and terms, each valid', async () => {
    const orgs = await get('/api/hsds/organizations?per_page=500');
    expect(orgs.body).toMatchObject(pageShape);
    for (const o of orgs.body.contents) valid('compiled/organization_list.json', o);
    const one = await get(`/api/hsds/organizations/${orgs.body.contents[0].id}`);
    valid('organization.json', one.body);
    expect(one.body.locations[0]).toMatchObject({ organization_id: one.body.id, location_type: 'physical' });
    const sal = await get('/api/hsds/service_at_locations?per_page=500');
    for (const s of sal.body.contents) valid('compiled/service_at_location_list.json', s);
    const taxonomies = await get('/api/hsds/taxonomies');
    for (const x of taxonomies.body.contents) valid('taxonomy.json', x);
    const terms = await get('/api/hsds/taxonomy_terms?per_page=500');
    for (const x of terms.body.contents) valid('taxonomy_term.json', x);
    const care = taxonomies.body.contents.find((x: { name: string }) => x.name.startsWith('医療的ケア'));
    expect((await get(`/api/hsds/taxonomy_terms?taxonomy_id=${care.id}&per_page=100`)).body.total_items).toBe(
      14,
    );
  });

  it('exports the whole directory; every object validates, ids are stable and consistent', async () => {
    const first = await get('/api/hsds/export');
    expect(first.status).toBe(200);
    const doc = first.body;
    for (const o of doc.organizations) valid('organization.json', o);
    for (const s of doc.services) valid('compiled/service_with_definitions.json', s);
    for (const l of doc.locations) valid('location.json', l);
    for (const s of doc.service_at_locations) valid('service_at_location.json', s);
    for (const x of doc.taxonomies) valid('taxonomy.json', x);
    for (const x of doc.taxonomy_terms) valid('taxonomy_term.json', x);
    expect(doc.services).toHaveLength(await t.count('resources'));
    const orgIds = new Set(doc.organizations.map((o: { id: string }) => o.id));
    const termIds = new Set(doc.taxonomy_terms.map((x: { id: string }) => x.id));
    const locationIds = new Set(doc.locations.map((x: { id: string }) => x.id));
    for (const s of doc.services) {
      expect(orgIds.has(s.organization_id)).toBe(true);
      for (const a of s.attributes) expect(termIds.has(a.taxonomy_term_id)).toBe(true);
    }
    for (const s of doc.service_at_locations) expect(locationIds.has(s.location_id)).toBe(true);
    const all = [
      ...doc.organizations,
      ...doc.services,
      ...doc.locations,
      ...doc.service_at_locations,
      ...doc.taxonomies,
      ...doc.taxonomy_terms,
    ].map((x) => x.id);
    expect(new Set(all).size).toBe(all.length);
    expect((await get('/api/hsds/export')).body).toEqual(doc);
  });

  it('publishes service information only: no notes, no referral data; ids survive an edit', async () => {
    const centre = bearer(await t.token('center_staff'));
    const coordinator = bearer(await t.token('coordinator'));
    const [resource] = (
      await t.database.pool.query(
        `SELECT r.id FROM resources r JOIN users u ON u.organization_id = r.organization_id WHERE u.email = 'supporter@example.jp' LIMIT 1`,
      )
    ).rows;
    await t.app.inject({
      method: 'PATCH',
      url: `/api/resources/${resource.id}`,
      headers: centre,
      payload: { notes: '内部メモ：担当者の携帯 0000-99-9999' },
    });
    const referral = await t.app.inject({
      method: 'POST',
      url: '/api/referrals',
      headers: coordinator,
      payload: {
        resourceId: resource.id,
        need: '秘密の紹介内容テキスト',
        family: { name: '架空 ないしょ', contact: '0000-88-8888' },
      },
    });
    expect(referral.statusCode).toBe(201);
    const text = JSON.stringify((await get('/api/hsds/export')).body);
    for (const secret of ['内部メモ', '0000-99-9999', '秘密の紹介内容', '架空 ないしょ', '0000-88-8888'])
      expect(text).not.toContain(secret);
    const service = await get(`/api/hsds/services/${resource.id}`);
    expect(service.body.id).toBe(resource.id);
  });

  it('needs no session, and refuses bad queries with a readable 400', async () => {
    expect((await get('/api/hsds/taxonomies')).status).toBe(200);
    for (const url of [
      '/api/hsds/services?per_page=0',
      '/api/hsds/services?per_page=501',
      '/api/hsds/services?unknown=1',
      '/api/hsds/services?taxonomy_term_id=x',
      '/api/hsds/services/not-a-uuid',
      '/api/hsds/export?x=1',
    ]) {
      const { status, body } = await get(url);
      expect(status, url).toBe(400);
      expect(body.message).toBeTruthy();
    }
    expect((await get('/api/hsds/services/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await get('/api/hsds/organizations/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});
