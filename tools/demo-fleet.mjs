// The demo's customers and computers: three Halo clients added to the simulator (one billed for SentinelOne on a
// recurring invoice, one with a Managed Security contract, one with neither), their tenants, two demo software whose
// scripts only write marker files under .data/demo/endpoints, the deployments that target them, and one real agent
// process per customer on this machine. Everything is created once and reused by later `npm run demo` runs.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { agentBundle } from './runtime.mjs';

/** Halo ids well above the generator's, so they never collide with generated data. */
export const DEMO_CLIENTS = [
  { id: 8001, site: 8101, name: 'Contoso Dental', host: 'contoso-dental-pc1', why: 'billed for SentinelOne Core on a recurring invoice' },
  { id: 8002, site: 8102, name: 'Fabrikam Law', host: 'fabrikam-law-pc1', why: 'has a Managed Security contract' },
  { id: 8003, site: 8103, name: 'Northwind Cafe', host: 'northwind-cafe-pc1', why: 'pays for neither' },
];
const ITEM_SENTINELONE = 77;

async function simAdmin(simUrl, path, body) {
  const res = await fetch(`${simUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`simulator ${path}: ${res.status} ${await res.text()}`);
}

/** The simulator is generated afresh each run: add the demo's clients before the first sync. */
export async function seedDemoHalo(simUrl) {
  for (const c of DEMO_CLIENTS) {
    await simAdmin(simUrl, '/_sim/records/clients', { id: c.id, name: c.name, main_site_id: c.site });
    await simAdmin(simUrl, '/_sim/records/sites', { id: c.site, name: `${c.name} HQ`, client_id: c.id });
  }
  await simAdmin(simUrl, '/_sim/records/invoices', {
    id: -8001, client_id: 8001, reference: 'RI-CONTOSO',
    lines: [{ id: 98001, _itemid: ITEM_SENTINELONE, item_code: 'S1-CORE', qty_order: 3 }],
  });
  await simAdmin(simUrl, '/_sim/records/contracts', {
    id: 8801, client_id: 8002, ref: 'MSC-FABRIKAM', contracttype_name: 'Managed Security', start_date: '2025-01-01T00:00:00Z', end_date: '1900-01-01T00:00:00',
  });
}

/** Scripts that "install" by writing `$DEMO_ENDPOINT_DIR/<name>`; they refuse to run anywhere but a demo agent. */
function markerScripts(name) {
  const guard = ': "${DEMO_ENDPOINT_DIR:?this demo software only runs on the demo agents}"';
  return {
    installScript: `${guard}\nmkdir -p "$DEMO_ENDPOINT_DIR/installed"\nprintf '%s\\n' "$ENTITLE_VERSION" > "$DEMO_ENDPOINT_DIR/installed/${name}"\necho "installed ${name} $ENTITLE_VERSION"`,
    uninstallScript: `${guard}\nrm -f "$DEMO_ENDPOINT_DIR/installed/${name}"\necho "removed ${name}"`,
    detectionScript: `${guard}\ncat "$DEMO_ENDPOINT_DIR/installed/${name}" 2>/dev/null || true`,
  };
}

async function ensureSoftware(call, slug, name, vendor, versions) {
  const existing = (await call('GET', '/software')).find((s) => s.slug === slug);
  const sw = existing ?? (await call('POST', '/software', { name, slug, vendor, platform: 'linux', notes: 'Demo software: its scripts only write marker files for the demo agents.' }));
  for (const version of versions) {
    if (!sw.versions?.some((v) => v.version === version)) await call('POST', `/software/${sw.id}/versions`, { version, ...markerScripts(slug) });
  }
  return sw;
}

/**
 * Sets up (or finds) the demo's tenants, software and deployments, then starts one agent per demo customer.
 * Returns a handle to stop them.
 */
export async function demoFleet({ call, url, linkId, dir, step }) {
  // Tenants for the demo clients (skipped when already mapped).
  await call('POST', `/integrations/${linkId}/clients/create-tenants`, { haloClientIds: DEMO_CLIENTS.map((c) => c.id) });
  const clients = await call('GET', `/integrations/${linkId}/clients`);
  const tenantOf = new Map(clients.filter((c) => c.tenant).map((c) => [c.haloClientId, c.tenant.id]));

  const s1 = await ensureSoftware(call, 'sentinelone-demo', 'SentinelOne (demo)', 'SentinelOne', ['23.4.1', '24.1.2']);
  const huntress = await ensureSoftware(call, 'huntress-demo', 'Huntress (demo)', 'Huntress', ['0.14.2']);
  const deployments = await call('GET', '/deployments');
  if (!deployments.some((d) => d.software.id === s1.id)) {
    await call('POST', '/deployments', { softwareId: s1.id, action: 'install', enforcement: 'required', target: { kind: 'recurringItem', integrationId: linkId, itemIds: [ITEM_SENTINELONE] } });
    await call('POST', '/deployments', { softwareId: s1.id, action: 'uninstall', enforcement: 'required', target: { kind: 'all' }, notes: 'Offboarding: removed wherever the customer no longer pays for it.' });
  }
  if (!deployments.some((d) => d.software.id === huntress.id)) {
    await call('POST', '/deployments', { softwareId: huntress.id, action: 'install', enforcement: 'required', target: { kind: 'contractType', integrationId: linkId, contractTypes: ['Managed Security'] } });
  }
  step('demo software and deployments ready: SentinelOne for the recurring item, Huntress for Managed Security contracts');

  const children = new Map();
  const exitHandlers = [];
  const logs = new Map();
  for (const c of DEMO_CLIENTS) {
    const home = join(dir, 'endpoints', c.host);
    mkdirSync(home, { recursive: true });
    const config = join(home, 'agent.json');
    let args;
    if (existsSync(config)) args = ['run', '--config', config];
    else {
      const key = await call('POST', '/enrollment-keys', { tenantId: tenantOf.get(c.id), name: `demo agent ${c.host}`, maxUses: 1 });
      args = ['enroll', '--server', url, '--key', key.key, '--config', config, '--hardware-id', `demo-${c.host}`, '--hostname', c.host, '--kind', 'workstation', '--run'];
    }
    const logFile = join(home, 'agent.log');
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(process.execPath, [agentBundle, ...args], { env: { ...process.env, DEMO_ENDPOINT_DIR: home }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    child.on('exit', (code) => exitHandlers.forEach((h) => h(c.host, code)));
    children.set(c.host, child);
    logs.set(c.host, logFile);
    step(`agent ${c.host} (${c.name}, ${c.why}) running; log in ${logFile}`);
  }
  return {
    onExit: (h) => exitHandlers.push(h),
    logOf: (name) => logs.get(name),
    stop: async () => {
      await Promise.all([...children.values()].map((child) => new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      })));
    },
  };
}
