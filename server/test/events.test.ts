import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { Notification } from '@tsunagu/shared';
import { EventBus, type DomainEvents } from '../src/lib/events.ts';
import { bearer, setupApp, type TestApp } from './helper.ts';
import { closeAll, connect, listen, sleep, waitFor, type ClientSocket } from './support/sockets.ts';

// Events after commit, on the real database (PGlite and PostgreSQL) and real socket.io clients.

let t: TestApp;
let url: string;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};
const open: ClientSocket[] = [];

beforeAll(async () => {
  t = await setupApp();
  url = await listen(t.app);
  for (const role of ['coordinator', 'center_staff', 'supporter'] as const) {
    tokens[role] = await t.token(role);
    ids[role] = t.app.jwt.decode<{ sub: string }>(tokens[role])!.sub;
  }
});
afterAll(async () => {
  closeAll(open);
  await t.close();
});

const call = (method: string, path: string, role: string, payload?: object) =>
  t.app.inject({
    method: method as 'GET',
    url: path,
    headers: bearer(tokens[role]!),
    ...(payload ? { payload } : {}),
  });
async function client(role: string) {
  const socket = await connect(url, tokens[role]!);
  open.push(socket);
  return socket;
}
const notificationCount = async (kind: string, subjectId: string) =>
  (
    await t.database.pool.query(
      'SELECT count(*)::int AS n FROM notifications WHERE kind = $1 AND subject_id = $2',
      [kind, subjectId],
    )
  ).rows[0].n as number;

describe('EventBus', () => {
  const payload: DomainEvents['consultation.noted'] = {
    consultationId: '00000000-0000-4000-8000-000000000001',
    actorId: 'x',
    recipients: [],
  };

  it('never delivers an event published in a transaction that rolls back, nor keeps its in-transaction writes', async () => {
    const bus = new EventBus();
    const delivered: unknown[] = [];
    bus.subscribe('consultation.noted', (e) => void delivered.push(e));
    bus.subscribeInTransaction('consultation.noted', async (tx) => {
      await tx.execute(sql`CREATE TABLE IF NOT EXISTS event_probe (n int)`);
      await tx.execute(sql`INSERT INTO event_probe VALUES (1)`);
    });
    await expect(
      bus.transaction(t.database.db, async (tx) => {
        await bus.publish(tx, 'consultation.noted', payload);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await sleep(50);
    expect(delivered).toEqual([]);
    const probe = await t.database.pool.query(`SELECT to_regclass('event_probe') AS t`);
    expect(probe.rows[0].t).toBeNull();
  });

  it('delivers once, after the commit, an event published in a transaction', async () => {
    const bus = new EventBus();
    const delivered: unknown[] = [];
    bus.subscribe('consultation.noted', (e) => void delivered.push(e));
    let beforeCommit = -1;
    await bus.transaction(t.database.db, async (tx) => {
      await bus.publish(tx, 'consultation.noted', payload);
      await tx.execute(sql`SELECT 1`);
      beforeCommit = delivered.length;
    });
    expect(beforeCommit).toBe(0);
    expect(delivered).toEqual([payload]);
    await sleep(50);
    expect(delivered).toHaveLength(1);
  });

  it('refuses to publish in a transaction it did not open (its commit cannot be seen)', async () => {
    const bus = new EventBus();
    const delivered: unknown[] = [];
    bus.subscribe('consultation.noted', (e) => void delivered.push(e));
    await expect(
      t.database.db.transaction((tx) => bus.publish(tx as never, 'consultation.noted', payload)),
    ).rejects.toThrow(/not opened by EventBus/);
    expect(delivered).toEqual([]);
  });

  it('keeps delivering to the other subscribers when one fails, and reports the failure', async () => {
    const failures: string[] = [];
    const bus = new EventBus((_, name) => failures.push(name));
    const delivered: unknown[] = [];
    bus.subscribe('consultation.noted', () => {
      throw new Error('broken subscriber');
    });
    bus.subscribe('consultation.noted', (e) => void delivered.push(e));
    await bus.publish(t.database.db, 'consultation.noted', payload);
    expect(delivered).toEqual([payload]);
    expect(failures).toEqual(['consultation.noted']);
  });
});

async function postedConsultation(): Promise<string> {
  const res = await call('POST', '/api/consultations', 'coordinator', {
    title: '呼吸器を使う児の短期入所先',
    categories: ['resource_shortage'],
    ageBand: 'preschool',
    careTypes: ['ventilator'],
    area: '31-west',
    asked: '受け入れ実績のある事業所を知りたい。',
    urgency: 'normal',
  });
  expect(res.statusCode).toBe(201);
  return res.json().id as string;
}

describe('live updates through the services', () => {
  it('a centre reply reaches the author’s open page once, with the notification, after the commit', async () => {
    const id = await postedConsultation();
    const author = await client('coordinator');
    const changed: string[] = [];
    const notes: Notification[] = [];
    author.on('consultation:changed', (e) => changed.push(e.consultationId));
    author.on('notification', (e) => notes.push(e.notification));
    const res = await call('POST', `/api/consultations/${id}/replies`, 'center_staff', {
      body: '西部圏域の2か所に実績があります。',
    });
    expect(res.statusCode).toBe(201);
    await waitFor(
      () => changed.includes(id) && notes.some((n) => n.link === `/consultations/${id}`),
      5_000,
      'the live update',
    );
    await sleep(200);
    expect(changed.filter((c) => c === id)).toHaveLength(1);
    expect(notes.filter((n) => n.link === `/consultations/${id}`)).toHaveLength(1);
  });

  it('a triage that fails inside its transaction reaches no page and leaves no notification', async () => {
    const id = await postedConsultation();
    const author = await client('coordinator');
    const changed: string[] = [];
    author.on('consultation:changed', (e) => changed.push(e.consultationId));
    // A subscriber that fails inside the transaction rolls the whole change back.
    const off = t.app.events.subscribeInTransaction('consultation.status', async () => {
      throw new Error('refused inside the transaction');
    });
    try {
      const res = await call('PATCH', `/api/consultations/${id}`, 'center_staff', { status: 'triaged' });
      expect(res.statusCode).toBe(500);
    } finally {
      off();
    }
    await sleep(300);
    expect(changed).not.toContain(id);
    expect(await notificationCount('consultation.status', id)).toBe(0);
    expect((await call('GET', `/api/consultations/${id}`, 'coordinator')).json().status).toBe('new');
    // The same triage, committed, arrives.
    expect(
      (await call('PATCH', `/api/consultations/${id}`, 'center_staff', { status: 'triaged' })).statusCode,
    ).toBe(200);
    await waitFor(() => changed.includes(id), 5_000, 'the committed triage');
    expect(await notificationCount('consultation.status', id)).toBe(1);
  });

  it('a centre redaction reaches the open pages after the commit; a refused one reaches none', async () => {
    const id = await postedConsultation();
    const [author, centre] = [await client('coordinator'), await client('center_staff')];
    const authorSaw: string[] = [];
    const centreSaw: string[] = [];
    author.on('consultation:changed', (e) => authorSaw.push(e.consultationId));
    centre.on('consultation:changed', (e) => centreSaw.push(e.consultationId));
    // A range past the end is refused inside the transaction: nothing changed, nobody hears of it.
    expect(
      (
        await call('POST', `/api/consultations/${id}/redact`, 'center_staff', {
          target: 'asked',
          start: 0,
          end: 5000,
        })
      ).statusCode,
    ).toBe(400);
    await sleep(300);
    expect([...authorSaw, ...centreSaw]).not.toContain(id);

    const res = await call('POST', `/api/consultations/${id}/redact`, 'center_staff', {
      target: 'asked',
      start: 0,
      end: 6,
    });
    expect(res.statusCode).toBe(200);
    // Both the author's page and the other centre pages still show the original text: they reload.
    await waitFor(
      () => authorSaw.includes(id) && centreSaw.includes(id),
      5_000,
      'the redaction on the open pages',
    );
    await sleep(200);
    expect(authorSaw.filter((c) => c === id)).toHaveLength(1);
    expect((await call('GET', `/api/consultations/${id}`, 'coordinator')).json().asked).toBe(
      '［削除］のある事業所を知りたい。',
    );
  });

  it('a referral accepted by the receiving side reaches the sender’s open page', async () => {
    const resourceId = (
      await t.database.pool.query(
        `SELECT r.id FROM resources r JOIN users u ON u.organization_id = r.organization_id WHERE u.id = $1 AND r.service_type = 'short_stay' LIMIT 1`,
        [ids.supporter],
      )
    ).rows[0].id as string;
    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    const created = await call('POST', '/api/referrals', 'coordinator', {
      resourceId,
      need: '週末の短期入所を希望。',
      careTypes: ['ventilator'],
      ageBand: 'preschool',
      area: '31-west',
      urgency: 'high',
      family: { name: '架空 はると', contact: '0000-12-3456', address: '米子市1-2-3', notes: '' },
      consent: { date: today, method: 'written', recipientType: 'resource', recipientId: resourceId },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const [sender, receiver] = [await client('coordinator'), await client('supporter')];
    const senderSaw: string[] = [];
    const receiverSaw: string[] = [];
    sender.on('referral:changed', (e) => senderSaw.push(e.referralId));
    receiver.on('referral:changed', (e) => receiverSaw.push(e.referralId));
    expect((await call('POST', `/api/referrals/${id}/send`, 'coordinator', {})).statusCode).toBe(200);
    await waitFor(() => receiverSaw.includes(id), 5_000, 'the sent referral on the receiving side');
    expect((await call('POST', `/api/referrals/${id}/accept`, 'supporter', {})).statusCode).toBe(200);
    await waitFor(() => senderSaw.includes(id), 5_000, 'the accept on the sender’s page');
    // An outsider's sockets (centre staff do not follow the two sides' exchanges) hear nothing.
    const centre = await client('center_staff');
    const centreSaw: string[] = [];
    centre.on('referral:changed', (e) => centreSaw.push(e.referralId));
    await sleep(200);
    const seen = senderSaw.length;
    expect(
      (await call('POST', `/api/referrals/${id}/messages`, 'supporter', { body: '土曜から受け入れます。' }))
        .statusCode,
    ).toBeLessThan(300);
    await waitFor(() => senderSaw.length === seen + 1, 5_000, 'the message on the sender’s page');
    expect(centreSaw).toEqual([]);
  });
});
