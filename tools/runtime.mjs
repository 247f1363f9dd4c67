// Shared by tools/start.mjs, tools/db.mjs and tools/demo.mjs: where data lives, the secret key, child processes.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot } from './postgres.mjs';

export { repoRoot };
export const apiDist = join(repoRoot, 'dist/apps/api/apps/api/src');
export const webDist = join(repoRoot, 'dist/apps/web/browser');
/** The agent as one file, served to computers at /api/v1/agent/download. */
export const agentBundle = join(repoRoot, 'dist/apps/agent/entitle-agent.js');

export function dataDir() {
  const dir = resolve(process.env.ENTITLE_DATA_DIR || join(repoRoot, '.data'));
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * ENTITLE_SECRET_KEY encrypts Halo client secrets. On a laptop, one is made on the first start and kept next to the
 * database (readable by the owner only), so restarts can still decrypt what was stored.
 */
export function secretKey(dir) {
  if (process.env.ENTITLE_SECRET_KEY) return process.env.ENTITLE_SECRET_KEY;
  const file = join(dir, 'secret-key');
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return readFileSync(file, 'utf8').trim();
}

/** Builds the API, the web app and the agent through Nx (cached: a second start with nothing changed builds nothing). */
export function build(projects = ['api', 'web', 'agent']) {
  const present = projects.filter((p) => existsSync(join(repoRoot, p === 'api' ? 'apps/api' : `apps/${p}`, 'project.json')));
  console.log(`Building ${present.join(', ')} (cached when nothing changed)…`);
  const r = spawnSync(join(repoRoot, 'node_modules/.bin/nx'), ['run-many', '-t', 'build', '-p', ...present, '--outputStyle=static'], {
    cwd: repoRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
  });
  if (r.status !== 0) throw new Error('the build failed; see above');
}

export function runMigrations(databaseUrl, command = 'migrate', { fromSource = false } = {}) {
  const args = fromSource
    ? [join(repoRoot, 'node_modules/tsx/dist/cli.mjs'), join(repoRoot, 'apps/api/src/database/migrate-cli.ts'), command]
    : [join(apiDist, 'database/migrate-cli.js'), command];
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, DATABASE_URL: databaseUrl } });
  if (r.status !== 0) throw new Error(`database ${command} failed`);
}

/** Starts the built API; resolves with the URL once it prints its ready line. */
export function startApi(env, { onLine = (l) => process.stdout.write(l + '\n') } = {}) {
  const child = spawn(process.execPath, ['--enable-source-maps', join(apiDist, 'main.js')], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise((done, fail) => {
    let buf = '';
    child.stdout.on('data', (chunk) => {
      buf += chunk;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        onLine(line);
        const m = /^Entitle is running at (\S+)/.exec(line);
        if (m) done(m[1]);
      }
    });
    child.on('exit', (code) => fail(new Error(`the API exited (code ${code}) before it was ready`)));
  });
  return { child, ready };
}
