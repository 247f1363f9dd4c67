// `npm run demo`: a connected, synced Halo in one command. Starts the Halo simulator with generated data (200 clients),
// then Entitle exactly like `npm start` (embedded Postgres, data in .data/demo so the real .data is never touched),
// signs in as the demo admin through the API, creates (or, on later runs, re-points) the link to the simulator, runs a
// health check and a first sync, and prints where to look. Ctrl+C stops the simulator, the API and Postgres.
import { spawn } from 'node:child_process';
import { demoFleet, seedDemoHalo } from './demo-fleet.mjs';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePostgres } from './postgres.mjs';
import { agentBundle, build, repoRoot, runMigrations, secretKey, startApi, webDist } from './runtime.mjs';

const DEMO_LINK_NAME = 'Demo Halo (simulator)';
const SIM_CLIENT_ID = 'demo-client';
const ADMIN_EMAIL = process.env.ENTITLE_ADMIN_EMAIL || 'admin@demo.example';
const SIM_CLIENTS = process.env.DEMO_CLIENTS || '200';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;
const step = (text) => console.log(`[demo ${elapsed()}] ${text}`);

/**
 * The first start of the API creates the admin from ENTITLE_ADMIN_PASSWORD; later starts keep that account. So the
 * demo password is made once and kept beside the demo database (owner-readable only), like the secret key.
 */
function demoAdminPassword(dir) {
  if (process.env.ENTITLE_ADMIN_PASSWORD) return process.env.ENTITLE_ADMIN_PASSWORD;
  const file = join(dir, 'admin-password');
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(12).toString('base64url') + '\n', { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  return readFileSync(file, 'utf8').trim();
}

/** Starts the simulator as a child; resolves with its URL from the one line it prints on stdout. */
function startSimulator(secret) {
  const child = spawn(
    join(repoRoot, 'node_modules/.bin/tsx'),
    ['apps/halo-sim/src/main.ts', '--port', '0', '--seed', '1', '--clients', SIM_CLIENTS, '--client-id', SIM_CLIENT_ID, '--client-secret', secret],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const ready = new Promise((done, fail) => {
    let buf = '';
    child.stdout.on('data', (chunk) => {
      buf += chunk;
      const m = /halo-sim listening on (http:\/\/\S+)/.exec(buf);
      if (m) done(m[1]);
    });
    child.on('exit', (code) => fail(new Error(`the Halo simulator exited (code ${code}) before it was listening`)));
  });
  return { child, ready };
}

/** A tiny API client holding the session cookie the login sets. */
function apiClient(base) {
  let cookie = '';
  const call = async (method, path, body) => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.getSetCookie?.() ?? [];
    if (set.length) cookie = set.map((c) => c.split(';')[0]).join('; ');
    const text = await res.text();
    const json = text ? JSON.parse(text) : null;
    if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${json?.message ?? text}`);
    return json;
  };
  return call;
}

/**
 * An MSP meets Entitle with customers it already knows: on the first run (no tenants yet) the demo adds a few tenants
 * named like Halo clients, some written differently ("acme ltd" for "Acme Ltd"), for auto-map to propose.
 */
async function seedTenants(call, linkId) {
  if ((await call('GET', '/tenants')).length) return 0;
  const clients = (await call('GET', `/integrations/${linkId}/clients`)).filter((c) => !c.inactive && !c.tenant);
  const names = [
    ...clients.slice(0, 6).map((c) => c.name),
    ...clients.slice(6, 9).map((c) => c.name.toLowerCase().replace(/&/g, 'and')),
  ];
  for (const name of names) await call('POST', '/tenants', { name });
  return names.length;
}

async function main() {
  if (!process.env.ENTITLE_NO_BUILD) build();
  const dir = process.env.ENTITLE_DATA_DIR || join(repoRoot, '.data/demo');
  mkdirSync(dir, { recursive: true });
  const adminPassword = demoAdminPassword(dir);
  // A new simulator secret every run: the link is re-pointed below, so the stored (encrypted) one is replaced.
  const simSecret = randomBytes(18).toString('base64url');

  let sim;
  let api;
  let pg;
  let fleet;
  let stopping = false;
  const stop = async (code = 0) => {
    if (stopping) return;
    stopping = true;
    await fleet?.stop();
    api?.child.kill('SIGTERM');
    sim?.child.kill('SIGTERM');
    await pg?.stop().catch(() => {});
    process.exit(code);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));

  try {
    step(`starting the Halo simulator (${SIM_CLIENTS} clients, seed 1)…`);
    sim = startSimulator(simSecret);
    sim.child.on('exit', (code) => !stopping && (console.error(`the Halo simulator stopped (code ${code})`), void stop(1)));
    const simUrl = await sim.ready;
    step(`Halo simulator at ${simUrl}`);
    await seedDemoHalo(simUrl);

    pg = await ensurePostgres({ dataDir: join(dir, 'postgres'), persistent: true });
    if (pg.embedded) step(`Postgres: embedded, data in ${join(dir, 'postgres')}`);
    runMigrations(pg.url);
    api = startApi(
      {
        DATABASE_URL: pg.url,
        ENTITLE_SECRET_KEY: secretKey(dir),
        ENTITLE_WEB_DIR: process.env.ENTITLE_WEB_DIR || webDist,
        ENTITLE_AGENT_BUNDLE: process.env.ENTITLE_AGENT_BUNDLE || agentBundle,
        ENTITLE_ADMIN_EMAIL: ADMIN_EMAIL,
        ENTITLE_ADMIN_PASSWORD: adminPassword,
        PORT: process.env.PORT ?? '3000',
        HOST: process.env.HOST ?? '127.0.0.1',
        // Demo agents check in often, so sessions started in the UI begin within seconds.
        ENTITLE_AGENT_CHECKIN_SECONDS: process.env.ENTITLE_AGENT_CHECKIN_SECONDS ?? '10',
      },
      // The API's JSON request logs would bury the demo's own lines; its errors still go to stderr.
      { onLine: (line) => (process.env.DEMO_VERBOSE ? process.stdout.write(line + '\n') : undefined) },
    );
    api.child.on('exit', (code) => !stopping && (console.error(`the API stopped (code ${code})`), void stop(code ?? 1)));
    const url = await api.ready;
    step(`Entitle at ${url}`);

    const call = apiClient(url);
    await call('POST', '/auth/login', { email: ADMIN_EMAIL, password: adminPassword });
    const links = await call('GET', '/integrations');
    const existing = links.find((l) => l.name === DEMO_LINK_NAME) ?? links.find((l) => l.haloUrl === simUrl);
    const settings = { name: DEMO_LINK_NAME, haloUrl: simUrl, clientId: SIM_CLIENT_ID, clientSecret: simSecret };
    // The simulator takes a new port each run: the demo link is updated rather than a new one added every time.
    const link = existing ? await call('PATCH', `/integrations/${existing.id}`, settings) : await call('POST', '/integrations', settings);
    step(`${existing ? 'updated' : 'created'} the link "${link.name}" (${link.id})`);

    const health = await call('POST', `/integrations/${link.id}/health-check`);
    const missing = health.permissions.filter((p) => p.status !== 'granted').map((p) => p.permission);
    step(health.ok ? `health check: connected, all ${health.permissions.length} permissions granted` : `health check: ${health.connected ? `missing ${missing.join(', ')}` : health.error}`);

    step('first sync…');
    const { run } = await call('POST', `/integrations/${link.id}/sync?wait=true`);
    const c = run.counts;
    step(
      `sync ${run.status}` +
        (c ? `: ${c.clients} clients, ${c.sites} sites, ${c.contracts} contracts, ${c.recurringLines} recurring lines, ${c.items} items (${run.haloRequests} Halo requests, via ${run.source})` : '') +
        (run.error ? ` (${run.error})` : ''),
    );

    const seeded = await seedTenants(call, link.id);
    if (seeded) step(`added ${seeded} tenants named like Halo clients, so the Clients tab has auto-map suggestions to accept`);

    if (!process.env.DEMO_NO_AGENTS) {
      fleet = await demoFleet({ call, url, linkId: link.id, dir, step });
      fleet.onExit((name, code) => !stopping && console.error(`the demo agent ${name} stopped (code ${code}); see ${fleet.logOf(name)}`));
    }

    console.log('');
    console.log(`  Entitle is ready: open ${url} and sign in.`);
    console.log(`    admin email:    ${ADMIN_EMAIL}`);
    console.log(`    admin password: ${adminPassword}`);
    console.log('');
    console.log('  What to look at:');
    console.log(`    ${url}/integrations/${link.id}   the link: health, syncs, the technician tab URL`);
    console.log('      Clients tab: accept the auto-map suggestions, create tenants from unmapped clients');
    console.log(`    ${url}/integrations/new   the setup wizard (Halo URL ${simUrl}, client id ${SIM_CLIENT_ID})`);
    if (fleet) {
      console.log(`    ${url}/computers   three demo computers (local agent processes), each with its desired state and why`);
      console.log(`    ${url}/deployments   SentinelOne for the recurring item, Huntress for Managed Security, offboarding elsewhere`);
      console.log(`    ${url}/sessions   the enrollment sessions that installed them; "Run maintenance" on a computer starts another`);
    }
    console.log(`    ${url}/api/docs   the API`);
    console.log(`  Simulated Halo: ${simUrl} (admin endpoints under /_sim). Data in ${dir}. Stop: Ctrl+C`);
    console.log('');
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    await stop(1);
  }
}

void main();
