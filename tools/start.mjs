// `npm start`: builds what is missing, starts an embedded Postgres (or uses DATABASE_URL), migrates, and serves the
// API and the web app on http://localhost:3000 (PORT to change it). Data lives in .data/ and survives restarts.
import { join } from 'node:path';
import { ensurePostgres } from './postgres.mjs';
import { agentBundle, build, dataDir, runMigrations, secretKey, startApi, webDist } from './runtime.mjs';

async function main() {
  if (!process.env.ENTITLE_NO_BUILD) build();
  const dir = dataDir();
  let pg;
  try {
    pg = await ensurePostgres({ dataDir: join(dir, 'postgres'), persistent: true });
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
  if (pg.embedded) console.log(`Postgres: embedded, data in ${join(dir, 'postgres')}`);
  let api;
  let stopping;
  // One shutdown, however many signals and exits ask for it: the API first, then Postgres, then exit.
  const stop = (code = 0) =>
    (stopping ??= (async () => {
      if (api && api.child.exitCode === null) {
        const exited = new Promise((done) => api.child.once('exit', done));
        api.child.kill('SIGTERM');
        await exited;
      }
      await pg.stop().catch(() => {});
      process.exit(code);
    })());
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  try {
    runMigrations(pg.url);
    const credentials = [];
    api = startApi(
      {
        DATABASE_URL: pg.url,
        ENTITLE_SECRET_KEY: secretKey(dir),
        ENTITLE_WEB_DIR: process.env.ENTITLE_WEB_DIR || webDist,
        ENTITLE_AGENT_BUNDLE: process.env.ENTITLE_AGENT_BUNDLE || agentBundle,
        PORT: process.env.PORT ?? '3000',
        HOST: process.env.HOST ?? '127.0.0.1',
      },
      {
        onLine: (line) => {
          if (/admin (email|password):/.test(line)) credentials.push(line.trim());
          process.stdout.write(line + '\n');
        },
      },
    );
    api.child.on('exit', (code) => void stop(code ?? 1));
    const url = await api.ready;
    console.log('');
    console.log(`  Open ${url} and sign in.`);
    for (const line of credentials) console.log(`  ${line}`);
    if (!credentials.length && process.env.ENTITLE_ADMIN_EMAIL) console.log(`  admin email: ${process.env.ENTITLE_ADMIN_EMAIL}`);
    console.log('  API docs: ' + url + '/api/docs    Stop: Ctrl+C');
    console.log('');
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await stop(1);
  }
}

void main();
