import type { DeploymentSummary, InventoryEntry, SessionDetail, SessionPage, SoftwareSummary, StartSessionsResponse } from '@entitle/domain';
import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Api, apiClient, connectHalo, enrollmentKey, HALO, seedHalo } from './fleet';
import { HaloSim, startHaloSim } from './halo-sim';
import { startTestApp, TestApp } from './test-app';

const ROOT = join(__dirname, '..', '..', '..');
const BUNDLE = join(ROOT, 'dist/apps/agent/entitle-agent.js');
const SECRET = 'Agent-E2E-Secret-314';

/** sh scripts of a software that "installs" by writing a marker file in the agent's own $MARKER_DIR. */
const markerScripts = (name: string) => ({
  installScript: `mkdir -p "$MARKER_DIR" && printf '%s\\n' "$ENTITLE_VERSION" > "$MARKER_DIR/${name}" && echo "installed $ENTITLE_SOFTWARE $ENTITLE_VERSION"`,
  uninstallScript: `rm -f "$MARKER_DIR/${name}" && echo removed`,
  detectionScript: `cat "$MARKER_DIR/${name}" 2>/dev/null || true`,
});

interface RunningAgent {
  name: string;
  dir: string;
  process: ChildProcess;
  log: () => string;
}

/**
 * The whole path with real parts: the API over HTTP, the Halo simulator, and two real agent processes on this machine,
 * downloaded from the API like an admin would, enrolled with keys for tenants on either side of a recurring item.
 * Needs `npx nx build agent` (the api test target depends on it).
 */
describe('agents end to end', () => {
  let t: TestApp;
  let sim: HaloSim;
  let api: Api;
  let cookie: string;
  let work: string;
  let bundle: string;
  let tenants: { billed: string; unbilled: string };
  let integrationId: string;
  const agents: RunningAgent[] = [];
  const computerOf: Record<string, string> = {};

  const waitFor = async <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}\n${agents.map((a) => `--- ${a.name}\n${a.log()}`).join('\n')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const finished = (id: string): Promise<SessionDetail> =>
    waitFor(`session ${id} to end`, async () => {
      const s = (await api<SessionDetail>('GET', `/maintenance-sessions/${id}`)).body;
      return s.status === 'pending' || s.status === 'running' ? undefined : s;
    });
  const startFor = async (body: Record<string, string>): Promise<SessionDetail[]> => {
    const res = await api<StartSessionsResponse>('POST', '/maintenance-sessions', body);
    expect(res.status).toBe(201);
    return Promise.all(res.body.sessions.map((s) => finished(s.id)));
  };
  const software = async (slug: string, version: string, scripts: Record<string, string>, timeoutSeconds?: number): Promise<SoftwareSummary> => {
    const sw = (await api<SoftwareSummary>('POST', '/software', { name: slug, slug, vendor: 'E2E', platform: 'linux' })).body;
    const res = await api<SoftwareSummary>('POST', `/software/${sw.id}/versions`, { version, ...scripts, ...(timeoutSeconds ? { timeoutSeconds } : {}) });
    expect(res.status).toBe(201);
    return res.body;
  };

  const startAgent = async (name: string, tenantId: string): Promise<RunningAgent> => {
    const key = await enrollmentKey(api, tenantId, { name });
    const dir = join(work, name);
    mkdirSync(dir, { recursive: true });
    let output = '';
    const child = spawn(
      process.execPath,
      [bundle, 'enroll', '--server', t.url, '--key', key.key, '--config', join(dir, 'agent.json'), '--hardware-id', `e2e-${name}`, '--hostname', name, '--kind', 'workstation', '--run'],
      { env: { ...process.env, MARKER_DIR: join(dir, 'installed') }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    const agent = { name, dir, process: child, log: () => output };
    agents.push(agent);
    const line = await waitFor(`${name} to enroll`, async () => /enrolled .* as computer (\S+)/.exec(output) ?? undefined, 30_000);
    computerOf[name] = line[1]!;
    expect(output).not.toContain(key.key);
    return agent;
  };
  const marker = (agent: string, name: string): string | null => {
    const file = join(work, agent, 'installed', name);
    return existsSync(file) ? readFileSync(file, 'utf8').trim() : null;
  };

  beforeAll(async () => {
    expect(existsSync(BUNDLE)).toBe(true);
    [t, sim] = await Promise.all([
      startTestApp({ ENTITLE_AGENT_CHECKIN_SECONDS: '1', ENTITLE_AGENT_BUNDLE: BUNDLE }),
      startHaloSim(['--clients', '30', '--seed', '21', '--client-id', 'e2e', '--client-secret', SECRET]),
    ]);
    work = mkdtempSync(join(tmpdir(), 'entitle-agents-'));
    await seedHalo(sim);
    cookie = await t.signIn();
    api = apiClient(t, () => ({ cookie }));
    const halo = await connectHalo(api, sim, 'e2e', SECRET);
    integrationId = halo.link.id;
    tenants = { billed: halo.billedTenant, unbilled: halo.unbilledTenant };

    // The admin downloads the agent from Entitle itself.
    const download = await t.http('/api/v1/agent/download');
    expect(download.status).toBe(200);
    bundle = join(work, 'entitle-agent.js');
    writeFileSync(bundle, Buffer.from(await download.arrayBuffer()));
    expect(statSync(bundle).size).toBe(statSync(BUNDLE).size);
  });
  afterAll(async () => {
    await Promise.all(agents.map((a) => new Promise<void>((done) => {
      if (a.process.exitCode !== null) return done();
      a.process.once('exit', () => done());
      a.process.kill('SIGTERM');
    })));
    await Promise.all([t?.close(), sim?.stop()]);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('should install where the recurring item is billed and leave the other computer alone', async () => {
    const s1 = await software('sentinelone', '24.1.0', markerScripts('sentinelone'));
    const install = await api<DeploymentSummary>('POST', '/deployments', {
      softwareId: s1.id, action: 'install', enforcement: 'required', target: { kind: 'recurringItem', integrationId, itemIds: [HALO.item] },
    });
    // Offboarding (targeting.md "Patterns"): everywhere the item is not billed, SentinelOne is removed.
    const offboard = await api<DeploymentSummary>('POST', '/deployments', { softwareId: s1.id, action: 'uninstall', enforcement: 'required', target: { kind: 'all' } });
    expect([install.status, offboard.status]).toEqual([201, 201]);

    await startAgent('bakery-pc', tenants.billed);
    await startAgent('upholstery-pc', tenants.unbilled);

    // Enrollment runs a session at once; required deployments apply there.
    const sessionOf = async (name: string): Promise<SessionDetail> => {
      const page = await waitFor(`${name}'s enrollment session`, async () => {
        const p = (await api<SessionPage>('GET', `/maintenance-sessions?computerId=${computerOf[name]}`)).body;
        return p.items.length ? p : undefined;
      });
      return finished(page.items[0]!.id);
    };
    const bakery = await sessionOf('bakery-pc');
    expect(bakery).toEqual(expect.objectContaining({ trigger: 'enrollment', status: 'succeeded', summary: '1 installed' }));
    expect(bakery.actions.map((a) => `${a.type}:${a.status}`)).toEqual(['detect:succeeded', 'install:succeeded', 'detect:succeeded']);
    expect(bakery.actions[1]!.output).toContain('installed sentinelone 24.1.0');
    expect(bakery.plan[0]!.reason).toMatch(/Billed Bakery Ltd \(9001\) is billed on recurring invoice -9001 line 99001/);
    expect(marker('bakery-pc', 'sentinelone')).toBe('24.1.0');

    const upholstery = await sessionOf('upholstery-pc');
    expect(upholstery).toEqual(expect.objectContaining({ status: 'succeeded', summary: '1 already as wanted' }));
    expect(upholstery.plan[0]).toEqual(expect.objectContaining({ desiredAction: 'uninstall', change: 'nothing', note: 'not installed, as wanted' }));
    expect(upholstery.actions.map((a) => a.type)).toEqual(['detect']);
    expect(marker('upholstery-pc', 'sentinelone')).toBeNull();

    const inventory = (await api<InventoryEntry[]>('GET', `/computers/${computerOf['bakery-pc']}/inventory`)).body;
    expect(inventory).toEqual([expect.objectContaining({ software: 'sentinelone', version: '24.1.0' })]);
  });

  it('should remove the software after the line is removed in Halo and a sync runs', async () => {
    await sim.admin('DELETE', `/_sim/invoices/${HALO.billed.invoiceId}/lines/${HALO.billed.lineId}`);
    // Before the sync, Entitle still sees the line: a session now changes nothing.
    const [before] = await startFor({ computerId: computerOf['bakery-pc']! });
    expect(before!.summary).toBe('1 already as wanted');
    expect(marker('bakery-pc', 'sentinelone')).toBe('24.1.0');

    const sync = await api<{ run: { status: string } }>('POST', `/integrations/${integrationId}/sync?wait=true`);
    expect(sync.body.run.status).toBe('succeeded');
    const [after] = await startFor({ tenantId: tenants.billed });
    expect(after).toEqual(expect.objectContaining({ status: 'succeeded', summary: '1 removed' }));
    expect(after!.plan[0]).toEqual(expect.objectContaining({ desiredAction: 'uninstall', detectedVersion: '24.1.0', change: 'uninstall', finalVersion: null }));
    expect(after!.plan[0]!.reason).toMatch(/targets all computers/);
    expect(marker('bakery-pc', 'sentinelone')).toBeNull();
  });

  it('should end a failing, a hanging and a very talkative script as failed actions with their output, and keep the agent working', async () => {
    const tools = [
      await software('broken-tool', '1.0.0', { ...markerScripts('broken'), installScript: 'echo "disk full" >&2; exit 7' }),
      await software('hanging-tool', '1.0.0', { ...markerScripts('hanging'), installScript: 'echo waiting; sleep 600 & wait' }, 5),
      await software('chatty-tool', '1.0.0', { ...markerScripts('chatty'), installScript: 'echo FIRST; head -c 3000000 /dev/zero | tr "\\0" "x"; echo; echo LAST; exit 1' }),
    ];
    const results: SessionDetail[] = [];
    for (const tool of tools) {
      const d = (await api<DeploymentSummary>('POST', '/deployments', {
        softwareId: tool.id, action: 'install', enforcement: 'adhoc', target: { kind: 'computer', computerId: computerOf['upholstery-pc'] },
      })).body;
      const [s] = await startFor({ deploymentId: d.id });
      results.push(s!);
    }
    const install = (s: SessionDetail) => s.actions.find((a) => a.type === 'install')!;
    const [broken, hanging, chatty] = results.map(install);
    expect(broken).toEqual(expect.objectContaining({ status: 'failed', exitCode: 7, output: expect.stringContaining('disk full') }));
    expect(hanging).toEqual(expect.objectContaining({ status: 'timed_out', exitCode: null }));
    expect(hanging!.output).toContain('waiting');
    expect(hanging!.output).toContain('stopped after 5 s (timeout)');
    expect(chatty).toEqual(expect.objectContaining({ status: 'failed', exitCode: 1, outputTruncated: true }));
    expect(chatty!.output!.startsWith('FIRST')).toBe(true);
    expect(chatty!.output!.trimEnd().endsWith('LAST')).toBe(true);
    expect(Buffer.byteLength(chatty!.output!, 'utf8')).toBeLessThan(64 * 1024 + 200);
    expect(results.map((s) => s.status)).toEqual(['failed', 'failed', 'failed']);

    // The agent is still there and still works.
    const [next] = await startFor({ computerId: computerOf['upholstery-pc']! });
    expect(next).toEqual(expect.objectContaining({ status: 'succeeded' }));
    expect(agents.every((a) => a.process.exitCode === null)).toBe(true);
  });
});
