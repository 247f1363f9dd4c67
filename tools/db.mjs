// `npm run db:migrate` / `npm run db:revert`: against DATABASE_URL, or the embedded Postgres of `npm start` (.data/).
import { join } from 'node:path';
import { ensurePostgres } from './postgres.mjs';
import { dataDir, runMigrations } from './runtime.mjs';

const command = process.argv[2] ?? 'migrate';
const pg = await ensurePostgres({ dataDir: join(dataDir(), 'postgres'), persistent: true });
try {
  runMigrations(pg.url, command, { fromSource: true });
} catch (err) {
  console.error(err.message);
  process.exitCode = 1;
} finally {
  await pg.stop();
}
