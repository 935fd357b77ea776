/** The sender's private label: theirs alone, on every read path, never in what the other side receives. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReferralSweep } from '../src/features/referrals/service.ts';
import { bearer, setupApp, type TestApp } from './helper.ts';

let t: TestApp;
let sender: string;
let supporter: string;
let centre: string;
let outsider: string;
let resourceId: string;
let id: string;

const LABEL = '西部・はるとくん（4月相談）';
const q = (text: string, params: unknown[] = []) => t.database.pool.query(text, params);
const call = (method: string, url: string, token: string, payload?: object) =>
  t.app.inject({ method: method as 'GET', url, headers: bearer(token), ...(payload ? { payload } : {}) });
const today = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await setupApp();
  sender = await t.token('coordinator');
  supporter = await t.token('supporter');
  centre = await t.token('center_staff');
  const orgs = (
    await q(
      `SELECT email, organization_id FROM users WHERE email IN ('coordinator@example.jp', 'supporter@example.jp')`,
    )
  ).rows;
  const orgOf = (email: string) => orgs.find((r) => r.email === email).organization_id;
  resourceId = (
    await q(`SELECT id FROM resources WHERE organization_id = $1 LIMIT 1`, [orgOf('supporter@example.jp')])
  ).rows[0].id;
  const other = (
    await q(
      `SELECT email FROM users WHERE role = 'coordinator' AND organization_id NOT IN ($1, $2) ORDER BY email LIMIT 1`,
      [orgOf('coordinator@example.jp'), orgOf('supporter@example.jp')],
    )
  ).rows[0];
  outsider = (await t.login(other.email)).body.accessToken as string;
});
afterAll(() => t.close());

describe("the sender's private label", () => {
  it('is saved with the draft, encrypted, and shown to the sender in the detail and the list', async () => {
    const created = await call('POST', '/api/referrals', sender, {
      resourceId,
      need: '短期入所を希望',
      family: { name: '架空 はると' },
      consent: { date: today(), method: 'written', recipientType: 'resource', recipientId: resourceId },
      privateLabel: LABEL,
    });
    expect(created.statusCode).toBe(201);
    id = created.json().id;
    expect(created.json()).toMatchObject({ privateLabel: LABEL, can: { label: true } });
    const raw = (await q(`SELECT private_label_ciphertext FROM referrals WHERE id = $1`, [id])).rows[0];
    expect(raw.private_label_ciphertext).toMatch(/^v1\./);
    expect(raw.private_label_ciphertext).not.toContain('はると');
    const list = await call('GET', '/api/referrals?direction=sent', sender);
    expect(list.json().items.find((r: { id: string }) => r.id === id).privateLabel).toBe(LABEL);
  });

  it('never reaches the receiving side or the centre: detail, list, thread, notifications, audit', async () => {
    expect((await call('POST', `/api/referrals/${id}/send`, sender, {})).statusCode).toBe(200);
    await call('POST', `/api/referrals/${id}/messages`, sender, { body: 'よろしくお願いします' });
    for (const token of [supporter, centre]) {
      const detail = await call('GET', `/api/referrals/${id}`, token);
      expect(detail.statusCode).toBe(200);
      expect(detail.json().privateLabel).toBeNull();
      expect(detail.json().can.label).toBe(false);
      const list = await call('GET', '/api/referrals', token);
      expect(list.json().items.find((r: { id: string }) => r.id === id)).toMatchObject({
        privateLabel: null,
      });
      expect(detail.body + list.body).not.toContain('はると');
    }
    const thread = await call('GET', `/api/referrals/${id}/messages`, supporter);
    expect(thread.body).not.toContain('はると');
    const notes = await q(`SELECT n.* FROM notifications n WHERE n.subject_id = $1`, [id]);
    expect(notes.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(notes.rows)).not.toContain('はると');
    const audits = await q(`SELECT detail FROM audit_log WHERE target_id = $1`, [id]);
    expect(JSON.stringify(audits.rows)).not.toContain('はると');
  });

  it('is relabelled by the sender in any state, and removed with an empty line', async () => {
    const set = await call('PUT', `/api/referrals/${id}/private-label`, sender, { privateLabel: 'Aさん' });
    expect(set.statusCode).toBe(200);
    expect(set.json().privateLabel).toBe('Aさん');
    const cleared = await call('PUT', `/api/referrals/${id}/private-label`, sender, { privateLabel: '  ' });
    expect(cleared.json().privateLabel).toBeNull();
  });

  it('refuses the other side (403 by role, 404 outside), and bad input', async () => {
    const body = { privateLabel: 'x' };
    expect((await call('PUT', `/api/referrals/${id}/private-label`, supporter, body)).statusCode).toBe(403);
    expect((await call('PUT', `/api/referrals/${id}/private-label`, centre, body)).statusCode).toBe(403);
    expect((await call('PUT', `/api/referrals/${id}/private-label`, outsider, body)).statusCode).toBe(404);
    for (const bad of [
      { privateLabel: 'x'.repeat(61) },
      { privateLabel: 3 },
      {},
      { privateLabel: 'x', y: 1 },
    ])
      expect((await call('PUT', `/api/referrals/${id}/private-label`, sender, bad)).statusCode).toBe(400);
    const long = await call('POST', '/api/referrals', sender, { privateLabel: 'x'.repeat(61) });
    expect(long.statusCode).toBe(400);
  });

  it("is erased with the family's details after the retention period", async () => {
    await call('PUT', `/api/referrals/${id}/private-label`, sender, { privateLabel: LABEL });
    expect((await call('POST', `/api/referrals/${id}/cancel`, sender, {})).statusCode).toBe(200);
    await q(`UPDATE referrals SET ended_at = now() - interval '30 years' WHERE id = $1`, [id]);
    await runReferralSweep({ db: t.database.db, events: t.app.events });
    const raw = (await q(`SELECT private_label_ciphertext FROM referrals WHERE id = $1`, [id])).rows[0];
    expect(raw.private_label_ciphertext).toBeNull();
    expect((await call('GET', `/api/referrals/${id}`, sender)).json().privateLabel).toBeNull();
  });
});
