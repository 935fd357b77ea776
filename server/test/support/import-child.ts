// A server process running a big coordinator import, for the interrupted-import test: the test
// kills it (SIGKILL) part-way. Settings come from the environment, as for `pnpm start`; it
// prints one JSON line per progress poll.
import { DEMO_PASSWORD } from '@tsunagu/db';
import { buildApp } from '../../src/app.ts';
import { prepareDatabase } from '../../src/bootstrap.ts';
import { loadConfig } from '../../src/config.ts';
import { totpCode } from '../helper.ts';

export const IMPORT_HEADER =
  '氏名,ふりがな,メールアドレス,所属機関,機関種別,所在市町村,資格,研修修了年度,担当市町村,医療的ケア,支援領域,相談受付,電話,連絡方法';

/** A list of `count` fictional coordinators. */
export function bigList(count: number): string {
  const rows = Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(4, '0');
    return `架空 利用者${n},かくう りようしゃ,killed${n}@example.jp,架空病院${i % 40},病院,米子市,"看護師:${i % 30}",R${1 + (i % 6)},米子市,吸引,家族支援,可,,`;
  });
  return [IMPORT_HEADER, ...rows].join('\r\n');
}

if (process.argv[1]?.endsWith('import-child.ts')) {
  const config = loadConfig();
  const { database } = await prepareDatabase(config);
  const app = await buildApp({ config, database });
  await app.ready();
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: 'admin@example.jp', password: DEMO_PASSWORD, totp: totpCode() },
  });
  const headers = { authorization: `Bearer ${login.json().accessToken}` };
  const started = await app.inject({
    method: 'POST',
    url: '/api/admin/imports/coordinators?dryRun=false',
    headers: { ...headers, 'content-type': 'text/csv' },
    payload: bigList(Number(process.env.IMPORT_ROWS ?? 3000)),
  });
  const id = started.json().id as string;
  for (;;) {
    const job = (await app.inject({ method: 'GET', url: `/api/admin/imports/${id}`, headers })).json();
    process.stdout.write(
      `${JSON.stringify({ id, state: job.state, processed: job.processed, total: job.total })}\n`,
    );
    if (job.state !== 'running') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await app.close();
  await database.close();
}
