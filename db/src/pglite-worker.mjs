// Runs embedded PGlite in a worker thread and serves it on a loopback port, so the server
// always speaks `pg` and heavy queries never stall its event loop (see README).
import { parentPort, workerData } from 'node:worker_threads';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

const { dataDir, maxConnections, loadDataDir } = workerData;
try {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create({
    dataDir: dataDir || undefined,
    extensions: { pg_trgm },
    loadDataDir: loadDataDir ? new Blob([loadDataDir]) : undefined,
  });
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections });
  await server.start();
  const conn = server.getServerConn();
  const port = Number(conn.slice(conn.lastIndexOf(':') + 1));
  parentPort.on('message', async (msg) => {
    if (msg?.type === 'stop') {
      await server.stop();
      await db.close();
      parentPort.postMessage({ type: 'stopped' });
    } else if (msg?.type === 'dump') {
      await db.query('CHECKPOINT');
      const blob = await db.dumpDataDir('none');
      parentPort.postMessage({ type: 'dump', data: new Uint8Array(await blob.arrayBuffer()) });
    }
  });
  parentPort.postMessage({ type: 'ready', port });
} catch (error) {
  parentPort.postMessage({ type: 'error', message: String(error?.stack ?? error) });
}
