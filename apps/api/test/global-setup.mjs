// One Postgres for the whole test run: DATABASE_URL's server when set, otherwise an embedded one in a temp folder.
// Each test file then creates a database of its own on it (test/database.ts), always through the real migrations.
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensurePostgres } from '../../../tools/postgres.mjs';

export default async function globalSetup() {
  process.env.TZ = 'UTC';
  if (process.env.DATABASE_URL) {
    process.env.ENTITLE_TEST_PG_URL = process.env.DATABASE_URL;
    return;
  }
  const parent = mkdtempSync(join(tmpdir(), 'entitle-test-'));
  // As root, Postgres runs as its own user, which must be able to enter the folder mkdtemp made private.
  chmodSync(parent, 0o755);
  const pg = await ensurePostgres({ dataDir: join(parent, 'pg'), persistent: false });
  process.env.ENTITLE_TEST_PG_URL = pg.adminUrl;
  globalThis.__ENTITLE_PG__ = pg;
}
