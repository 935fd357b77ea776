import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { eq } from 'drizzle-orm';
import { loadConfig, ConfigError } from '../src/config.ts';
import { claimMail } from '../src/features/mail/delivery.ts';
import { insertMail } from '../src/lib/outbox.ts';
import { bearer, schema, setupApp, type TestApp } from './helper.ts';

/** What the SMTP server received, by recipient. */
const received: { to: string; raw: string }[] = [];
const rcptTries = new Map<string, number>();

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** A real SMTP server: `busy…` addresses get a 451 on the first try, `nobody…` a 550. */
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  onRcptTo(address, _session, callback) {
    const to = address.address;
    const tries = (rcptTries.get(to) ?? 0) + 1;
    rcptTries.set(to, tries);
    if (to.startsWith('busy') && tries === 1)
      return callback(Object.assign(new Error('Try again later'), { responseCode: 451 }));
    if (to.startsWith('nobody'))
      return callback(Object.assign(new Error('No such user here'), { responseCode: 550 }));
    callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      for (const r of session.envelope.rcptTo)
        received.push({ to: r.address, raw: Buffer.concat(chunks).toString('utf8') });
      callback();
    });
  },
});

let t: TestApp;
let port = 0;
beforeAll(async () => {
  port = await freePort();
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  t = await setupApp({
    SMTP_URL: `smtp://127.0.0.1:${port}`,
    MAIL_FROM: 'つなぐ <noreply@tsunagu.example.jp>',
    MAIL_RETRY_SECONDS: '1',
    JOB_POLL_SECONDS: '0.5',
    PUBLIC_URL: 'https://tsunagu.example.jp',
  });
}, 60_000);
afterAll(async () => {
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const until = async <T>(check: () => Promise<T | undefined> | T | undefined, ms = 20_000) => {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value || Date.now() > end) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
};

const invite = async (email: string, app = t) =>
  app.app.inject({
    method: 'POST',
    url: '/api/admin/invitations',
    headers: bearer(await app.token('admin')),
    payload: { email, displayName: '架空 <花子>', role: 'supporter' },
  });

const rowOf = async (email: string, app = t) =>
  (await app.database.db.select().from(schema.outbox).where(eq(schema.outbox.to, email)))[0];

/** The MIME parts of a raw message, decoded. */
function partsOf(raw: string) {
  const boundary = /boundary="?([^"\r\n;]+)"?/.exec(raw)![1]!;
  return raw
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const [head, ...rest] = part.split('\r\n\r\n');
      const body = rest.join('\r\n\r\n');
      const b64 = /Content-Transfer-Encoding: base64/i.test(head!);
      const qp = /Content-Transfer-Encoding: quoted-printable/i.test(head!);
      const text = b64
        ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
        : qp
          ? Buffer.from(
              body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => `%${h}`),
              'latin1',
            ).toString()
          : body;
      return { head: head!, text: qp ? decodeURIComponent(text) : text };
    });
}

function subjectOf(raw: string) {
  const header = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw)![1]!;
  return header
    .split(/\s+/)
    .map((word) => {
      const m = /^=\?UTF-8\?([BQ])\?(.*)\?=$/i.exec(word);
      if (!m) return word;
      return m[1]!.toUpperCase() === 'B' ? Buffer.from(m[2]!, 'base64').toString('binary') : m[2]!;
    })
    .join('');
}

describe('mail delivery through SMTP', () => {
  it('an invitation arrives: UTF-8 subject, text and HTML from one template, the link to the page', async () => {
    const res = await invite('hanako@example.jp');
    expect(res.statusCode).toBe(201);
    const mail = await until(() => received.find((m) => m.to === 'hanako@example.jp'));
    expect(mail).toBeDefined();
    const raw = mail!.raw;
    expect(Buffer.from(subjectOf(raw), 'binary').toString('utf8')).toBe(
      '【つなぐ】つなぐへのご招待 / You are invited to Tsunagu',
    );
    const row = await rowOf('hanako@example.jp');
    expect(raw).toContain(`Message-ID: <${row!.id}@tsunagu.example.jp>`);
    const parts = partsOf(raw);
    const text = parts.find((p) => /text\/plain; charset=utf-8/i.test(p.head))!.text;
    const html = parts.find((p) => /text\/html; charset=utf-8/i.test(p.head))!.text;
    const link = /https:\/\/tsunagu\.example\.jp\/invite\/[\w-]+/.exec(text)![0];
    expect(text.indexOf('様')).toBeLessThan(text.indexOf('Dear'));
    expect(text).toContain('架空 <花子> 様');
    expect(html).toContain(`<a href="${link}">`);
    expect(html).toContain('架空 &lt;花子&gt; 様');
    expect(html).not.toContain('<花子>');
    // The link works: it opens this invitation.
    const token = link.split('/invite/')[1];
    const preview = await t.app.inject({ method: 'GET', url: `/api/invitations/${token}` });
    expect(preview.statusCode).toBe(200);
    const sent = await until(async () =>
      (await rowOf('hanako@example.jp'))?.state === 'sent' ? true : undefined,
    );
    expect(sent).toBe(true);
    expect(await rowOf('hanako@example.jp')).toMatchObject({
      attempts: 1,
      messageId: `<${row!.id}@tsunagu.example.jp>`,
    });
  });

  it('a 451 answer is retried with backoff and the mail delivered once', async () => {
    await invite('busy@example.jp');
    const row = await until(async () => {
      const r = await rowOf('busy@example.jp');
      return r?.state === 'sent' ? r : undefined;
    }, 30_000);
    expect(row).toMatchObject({ state: 'sent', attempts: 2 });
    expect(rcptTries.get('busy@example.jp')).toBe(2);
    await new Promise((r) => setTimeout(r, 1500));
    expect(received.filter((m) => m.to === 'busy@example.jp')).toHaveLength(1);
  }, 40_000);

  it('a 550 answer marks the mail failed, not retried; the admin outbox and the invitation show it', async () => {
    const res = await invite('nobody@example.jp');
    const invitationId = res.json().id as string;
    const row = await until(async () => {
      const r = await rowOf('nobody@example.jp');
      return r?.state === 'failed' ? r : undefined;
    });
    expect(row).toMatchObject({ state: 'failed', attempts: 1 });
    expect(row!.lastError).toMatch(/550/);
    await new Promise((r) => setTimeout(r, 2500));
    expect(rcptTries.get('nobody@example.jp')).toBe(1);
    const admin = bearer(await t.token('admin'));
    const outbox = await t.app.inject({
      method: 'GET',
      url: '/api/admin/outbox?pageSize=100',
      headers: admin,
    });
    const item = outbox.json().items.find((m: { id: string }) => m.id === row!.id);
    expect(item).toMatchObject({ state: 'failed', attempts: 1 });
    expect(item.lastError).toMatch(/550/);
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/admin/invitations?pageSize=100',
      headers: admin,
    });
    const invitation = list.json().items.find((i: { id: string }) => i.id === invitationId);
    expect(invitation.delivery).toBe('failed');
    const ok = list.json().items.find((i: { email: string }) => i.email === 'hanako@example.jp');
    expect(ok.delivery).toBe('sent');
  });

  it('a row is claimed by one worker only: two at once, one wins; a sent row is never claimed', async () => {
    const id = await insertMail(t.database.db, {
      to: 'claim@example.jp',
      subject: 's',
      body: 'b',
      html: '<p>b</p>',
    });
    const claims = await Promise.all([0, 1, 2, 3].map(() => claimMail(t.database.db, id, 0)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    // A retry of the same job after its run died mid-send may take it back, once.
    const retries = await Promise.all([0, 1].map(() => claimMail(t.database.db, id, 1)));
    expect(retries.filter(Boolean)).toHaveLength(1);
    await t.database.db.update(schema.outbox).set({ state: 'sent' }).where(eq(schema.outbox.id, id));
    expect(await claimMail(t.database.db, id, 5)).toBeUndefined();
  });
});

describe('without SMTP_URL', () => {
  it('nothing is attempted: the outbox holds the mail and the invitation says so', async () => {
    const plain = await setupApp({ JOB_POLL_SECONDS: '0.5' });
    try {
      const res = await invite('outbox.only@example.jp', plain);
      expect(res.json().delivery).toBe('outbox');
      await new Promise((r) => setTimeout(r, 1500));
      expect(await rowOf('outbox.only@example.jp', plain)).toMatchObject({ state: 'queued', attempts: 0 });
      expect(rcptTries.has('outbox.only@example.jp')).toBe(false);
      const jobs = await plain.database.pool.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'mail.send'`,
      );
      expect(jobs.rows[0].n).toBe(0);
    } finally {
      await plain.close();
    }
  });

  it('settings: a bad SMTP_URL or a missing MAIL_FROM stops the start with a clear message', () => {
    const base = { NODE_ENV: 'test', JWT_SECRET: 'x'.repeat(40), DATA_DIR: '/tmp/tsunagu-mail-config' };
    expect(() => loadConfig({ ...base, SMTP_URL: 'smtp://' })).toThrow(ConfigError);
    expect(() => loadConfig({ ...base, SMTP_URL: 'http://mail.example.jp' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ ...base, SMTP_URL: 'smtp://mail.example.jp:587' })).toThrow(
      /MAIL_FROM must be set/,
    );
    expect(
      loadConfig({ ...base, SMTP_URL: 'smtp://mail.example.jp:587', MAIL_FROM: 'noreply@example.jp' })
        .smtpUrl,
    ).toBe('smtp://mail.example.jp:587');
  });
});
