// Runs embedded PGlite in a worker thread and serves it on a Unix socket in a private (0700)
// directory, so the server always speaks `pg`, heavy queries never stall its event loop, and no
// other local user can connect (PGlite has no password; see README).
import { parentPort, workerData } from 'node:worker_threads';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const { dataDir, maxConnections, loadDataDir, socketPath } = workerData;
try {
  if (dataDir) {
    // The data files are as secret as the socket: only this user may read them.
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    chmodSync(dataDir, 0o700);
  }
  const db = await PGlite.create({
    dataDir: dataDir || undefined,
    extensions: { pg_trgm },
    loadDataDir: loadDataDir ? new Blob([loadDataDir]) : undefined,
  });
  // A socket file left by a process that was killed would make listen() fail with EADDRINUSE.
  rmSync(socketPath, { force: true });
  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections });
  await server.start();
  chmodSync(socketPath, 0o600);
  parentPort.on('message', async (msg) => {
    if (msg?.type === 'stop') {
      await server.stop();
      await db.close();
      rmSync(socketPath, { force: true });
      parentPort.postMessage({ type: 'stopped' });
    } else if (msg?.type === 'dump') {
      await db.query('CHECKPOINT');
      const blob = await db.dumpDataDir('none');
      parentPort.postMessage({ type: 'dump', data: new Uint8Array(await blob.arrayBuffer()) });
    }
  });
  parentPort.postMessage({ type: 'ready' });
} catch (error) {
  parentPort.postMessage({ type: 'error', message: String(error?.stack ?? error) });
}
