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
  keepBatchesTogether(server);
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

/**
 * pglite-socket queues each protocol message on its own and keeps only transactions together, so
 * one connection's Parse/Bind/Execute/Sync can interleave with another's on PGlite's single
 * session: a query then gets another's statement and result (electric-sql/pglite#1046; seen as
 * soon as the job queue polls beside requests). Pin the queue to a connection from its first
 * extended-query message to its Sync, the way it pins a transaction.
 */
function keepBatchesTogether(server) {
  const queue = server.queryQueue;
  const db = queue.db;
  const OPENS = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]); // P B D E C H
  const CLOSES = new Set([0x53, 0x51, 0x58]); // S Q X
  let batchOpen = false;
  queue.db = new Proxy(db, {
    get(target, prop) {
      if (prop === 'isInTransaction') return () => batchOpen || target.isInTransaction();
      if (prop === 'execProtocolRawStream')
        return (message, options) => {
          if (OPENS.has(message[0])) batchOpen = true;
          else if (CLOSES.has(message[0])) batchOpen = false;
          return target.execProtocolRawStream(message, options);
        };
      // The queue rolls back a connection that left mid-transaction: nothing of it is pending then.
      if (prop === 'exec')
        return (...args) => {
          batchOpen = false;
          return target.exec(...args);
        };
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
