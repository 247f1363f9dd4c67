import type {
  AgentAction, ComputerSummary, DeploymentPreview, DeploymentSummary, DesiredState, EnrollmentKeySummary, InventoryEntry, SessionDetail, SessionPage,
  SoftwareSummary, StartSessionsResponse,
} from '@entitle/domain';
import { DataSource } from 'typeorm';
import { Api, apiClient, connectHalo, createSoftware, enrollmentKey, HALO, machine, ProtocolAgent, seedHalo } from '../../test/fleet';
import { HaloSim, startHaloSim } from '../../test/halo-sim';
import { startTestApp, TestApp } from '../../test/test-app';
import { MaintenanceCron } from './maintenance.cron';
import { SessionEngine } from './session-engine.service';

const SECRET = 'Maintenance-Test-Secret-42';

/**
 * From a synced Halo to actions on computers: deployments and their preview, enrollment, the maintenance session's
 * phases (detect, plan, execute, detect again), and what a user sees of each. The test plays the agent protocol.
 */
describe(SessionEngine.name, () => {
  let t: TestApp;
  let sim: HaloSim;
  let cookie: string;
  let api: Api;
  let tenants: { billed: string; unbilled: string };
  let integrationId: string;
  let s1: SoftwareSummary;
  const billedAgent = (): ProtocolAgent => agents.billed;
  const agents = {} as { billed: ProtocolAgent; unbilled: ProtocolAgent };
  /** What the fake machines have installed, by hardware id then slug. */
  const installed: Record<string, Record<string, string>> = { 'hw-billed': {}, 'hw-unbilled': {} };
  /** The computer enrolled in the onboarding test, enrolled again in the next. */
  let freshId = '';

  const behave = (hw: string) => (a: AgentAction): { output: string; exitCode?: number } => {
    const state = installed[hw]!;
    if (a.type === 'detect') return { output: state[a.software] ? `${state[a.software]}\n` : '' };
    if (a.type === 'install') state[a.software] = a.version!;
    else delete state[a.software];
    return { output: `${a.type} ${a.software} ok` };
  };
  const session = async (id: string): Promise<SessionDetail> => (await api<SessionDetail>('GET', `/maintenance-sessions/${id}`)).body;
  const sessionsOf = async (computerId: string): Promise<SessionPage> => (await api<SessionPage>('GET', `/maintenance-sessions?computerId=${computerId}`)).body;

  beforeAll(async () => {
    [t, sim] = await Promise.all([
      startTestApp({ ENTITLE_AGENT_CHECKIN_SECONDS: '60' }),
      startHaloSim(['--clients', '10', '--seed', '5', '--client-id', 'maint', '--client-secret', SECRET]),
    ]);
    await seedHalo(sim);
    cookie = await t.signIn();
    api = apiClient(t, () => ({ cookie }));
    const halo = await connectHalo(api, sim, 'maint', SECRET);
    integrationId = halo.link.id;
    tenants = { billed: halo.billedTenant, unbilled: halo.unbilledTenant };
    s1 = await createSoftware(api, 'sentinelone', ['1.0.0', '1.1.0']);
    agents.billed = new ProtocolAgent(t);
    agents.unbilled = new ProtocolAgent(t);
  });
  afterAll(async () => {
    await Promise.all([t?.close(), sim?.stop()]);
  });

  it('should preview a recurring-item deployment on the billed client only, and change nothing when it is saved', async () => {
    // Computers first: enroll one in each tenant. No deployment yet, so their first check-in only takes inventory.
    for (const [which, tenantId] of [['billed', tenants.billed], ['unbilled', tenants.unbilled]] as const) {
      const key = await enrollmentKey(api, tenantId);
      const res = await agents[which].enroll(key.key, machine(`hw-${which}`, `${which}-pc`));
      expect(res.status).toBe(201);
      expect((await agents[which].work(behave(`hw-${which}`))).map((a) => `${a.type} ${a.software}`)).toEqual(['detect sentinelone']);
      expect((await api<InventoryEntry[]>('GET', `/computers/${agents[which].computerId}/inventory`)).body).toEqual([
        expect.objectContaining({ software: 'sentinelone', version: null }),
      ]);
      expect((await sessionsOf(agents[which].computerId)).items).toEqual([
        expect.objectContaining({ trigger: 'enrollment', status: 'succeeded', summary: 'nothing to do: no deployment applies to this computer' }),
      ]);
    }
    const draft = { softwareId: s1.id, action: 'install', enforcement: 'required', target: { kind: 'recurringItem', integrationId, itemIds: [HALO.item] } };
    const preview = await api<DeploymentPreview>('POST', '/deployments/preview', draft);
    expect(preview.status).toBe(200);
    expect(preview.body.wins.map((w) => w.hostname)).toEqual(['billed-pc']);
    expect(preview.body.wins[0]!.reason).toMatch(/^Halo client Billed Bakery Ltd \(9001\) is billed on recurring invoice -9001 line 99001 .*quantity 2/);
    expect(preview.body.shadowedTotal).toBe(0);

    const saved = await api<DeploymentSummary>('POST', '/deployments', draft);
    expect(saved.status).toBe(201);
    expect(saved.body.label).toBe('Install sentinelone (latest) for Halo recurring item SentinelOne Core (77) on Sim Halo');
    expect((await api<DeploymentPreview>('GET', `/deployments/${saved.body.id}/preview`)).body.wins.map((w) => w.computerId)).toEqual([agents.billed.computerId]);
    // Saving touched no computer: no session was started, and the agents are handed nothing.
    expect((await sessionsOf(agents.billed.computerId)).items.map((s) => s.trigger)).toEqual(['enrollment']);
    expect((await agents.billed.checkIn()).body.actions).toEqual([]);
  });

  it('should explain the desired state of each computer with the Halo line behind it', async () => {
    const billed = (await api<DesiredState>('GET', `/computers/${agents.billed.computerId}/desired-state`)).body;
    expect(billed.entries).toEqual([
      expect.objectContaining({ software: 'sentinelone', action: 'install', version: 'latest', resolvedVersion: '1.1.0', enforcement: 'required', shadowed: [] }),
    ]);
    expect(billed.entries[0]!.reason).toContain('SentinelOne Core');
    expect((await api<DesiredState>('GET', `/computers/${agents.unbilled.computerId}/desired-state`)).body.entries).toEqual([]);
  });

  it('should detect, install the latest version, detect again and succeed when maintenance runs on the covered computer', async () => {
    const started = await api<StartSessionsResponse>('POST', '/maintenance-sessions', { computerId: agents.billed.computerId });
    expect(started.status).toBe(201);
    const [s] = started.body.sessions;
    expect(s).toEqual(expect.objectContaining({ status: 'pending', trigger: 'manual', hostname: 'billed-pc' }));

    const ran = await billedAgent().work(behave('hw-billed'));
    expect(ran.map((a) => `${a.type} ${a.software} ${a.version}`)).toEqual(['detect sentinelone 1.1.0', 'install sentinelone 1.1.0', 'detect sentinelone 1.1.0']);
    expect(ran[1]!.script).toBe('echo install sentinelone 1.1.0');
    expect(ran[1]!.shell).toBe('sh');

    const done = await session(s!.id);
    expect(done).toEqual(expect.objectContaining({ status: 'succeeded', phase: 'done', summary: '1 installed' }));
    expect(done.plan).toEqual([
      expect.objectContaining({ software: 'sentinelone', desiredAction: 'install', desiredVersion: '1.1.0', detectedVersion: null, change: 'install', finalVersion: '1.1.0' }),
    ]);
    expect(done.actions.map((a) => [a.type, a.status, a.output])).toEqual([
      ['detect', 'succeeded', ''], ['install', 'succeeded', 'install sentinelone ok'], ['detect', 'succeeded', '1.1.0\n'],
    ]);
    const inventory = (await api<InventoryEntry[]>('GET', `/computers/${agents.billed.computerId}/inventory`)).body;
    expect(inventory).toEqual([expect.objectContaining({ software: 'sentinelone', version: '1.1.0' })]);
  });

  it('should do nothing on a second run, and nothing at all on the computer whose client is not billed', async () => {
    const again = (await api<StartSessionsResponse>('POST', '/maintenance-sessions', { tenantId: tenants.billed })).body.sessions[0]!;
    expect((await billedAgent().work(behave('hw-billed'))).map((a) => a.type)).toEqual(['detect']);
    expect(await session(again.id)).toEqual(expect.objectContaining({ status: 'succeeded', summary: '1 already as wanted' }));

    const other = (await api<StartSessionsResponse>('POST', '/maintenance-sessions', { computerId: agents.unbilled.computerId })).body.sessions[0]!;
    expect(await agents.unbilled.work(behave('hw-unbilled'))).toEqual([]);
    expect(await session(other.id)).toEqual(expect.objectContaining({ status: 'succeeded', summary: 'nothing to do: no deployment applies to this computer' }));
    expect(installed['hw-unbilled']).toEqual({});
  });

  it('should upgrade an older version and leave a newer one alone', async () => {
    installed['hw-billed']!['sentinelone'] = '1.0.0';
    const up = (await api<StartSessionsResponse>('POST', '/maintenance-sessions', { computerId: agents.billed.computerId })).body.sessions[0]!;
    const ran = await billedAgent().work(behave('hw-billed'));
    expect(ran.map((a) => a.type)).toEqual(['detect', 'install', 'detect']);
    const upgraded = await session(up.id);
    expect(upgraded.summary).toBe('1 upgraded');
    expect(upgraded.plan[0]).toEqual(expect.objectContaining({ change: 'upgrade', detectedVersion: '1.0.0', finalVersion: '1.1.0', note: '1.0.0 installed; 1.1.0 wanted' }));
    expect(upgraded.actions[1]!.upgrade).toBe(true);

    installed['hw-billed']!['sentinelone'] = '2.0.0';
    const newer = (await api<StartSessionsResponse>('POST', '/maintenance-sessions', { computerId: agents.billed.computerId })).body.sessions[0]!;
    expect((await billedAgent().work(behave('hw-billed'))).map((a) => a.type)).toEqual(['detect']);
    expect((await session(newer.id)).plan[0]!.note).toBe('2.0.0 installed, newer than the 1.1.0 wanted: left alone');
    installed['hw-billed']!['sentinelone'] = '1.1.0';
  });

  it('should fail the install when the script exits 0 but detection afterwards does not find it', async () => {
    delete installed['hw-billed']!['sentinelone'];
    const s = (await api<StartSessionsResponse>('POST', '/maintenance-sessions', { computerId: agents.billed.computerId })).body.sessions[0]!;
    // A broken installer: says it worked, installs nothing.
    await billedAgent().work((a) => (a.type === 'detect' ? { output: '' } : { output: 'all good' }));
    const failed = await session(s.id);
    expect(failed).toEqual(expect.objectContaining({ status: 'failed', summary: '1 failed' }));
    expect(failed.actions[1]).toEqual(expect.objectContaining({ type: 'install', status: 'failed', exitCode: 0 }));
    expect(failed.actions[1]!.output).toContain('ended with exit code 0, but detection afterwards found it absent, not version 1.1.0');
  });

  it('should keep a failing script and a timed-out script as failed actions with their output, cut to the limit', async () => {
    const s = (await api<StartSessionsResponse>('POST', '/maintenance-sessions', { computerId: agents.billed.computerId })).body.sessions[0]!;
    const big = `${'x'.repeat(150_000)}END`;
    await billedAgent().work((a) => (a.type === 'detect' ? { output: '' } : { output: big, exitCode: 3 }));
    const failed = await session(s.id);
    const install = failed.actions.find((a) => a.type === 'install')!;
    expect(install).toEqual(expect.objectContaining({ status: 'failed', exitCode: 3, outputTruncated: true }));
    expect(Buffer.byteLength(install.output!, 'utf8')).toBeLessThanOrEqual(64 * 1024 + 100);
    expect(install.output!.endsWith('END')).toBe(true);
    expect(install.output).toMatch(/\[\.\.\. \d+ bytes of output left out \.\.\.\]/);

    const hang = (await api<StartSessionsResponse>('POST', '/maintenance-sessions', { computerId: agents.billed.computerId })).body.sessions[0]!;
    await billedAgent().work((a) => (a.type === 'detect' ? { output: '' } : { output: 'stuck\n[entitle-agent] stopped after 900 s (timeout)', status: 'timed_out' }));
    const timedOut = await session(hang.id);
    expect(timedOut.status).toBe('failed');
    expect(timedOut.actions.find((a) => a.type === 'install')).toEqual(expect.objectContaining({ status: 'timed_out', exitCode: null }));
  });

  it('should shadow the recurring-item install with a tenant ignore and uninstall where a catch-all says so', async () => {
    installed['hw-billed']!['sentinelone'] = '1.1.0';
    installed['hw-unbilled']!['sentinelone'] = '1.0.0';
    const all = await api<DeploymentSummary>('POST', '/deployments', { softwareId: s1.id, action: 'uninstall', enforcement: 'required', target: { kind: 'all' } });
    expect(all.status).toBe(201);
    const preview = (await api<DeploymentPreview>('GET', `/deployments/${all.body.id}/preview`)).body;
    expect(preview.wins.map((w) => w.hostname)).toEqual(['unbilled-pc']);
    expect(preview.shadowed.map((w) => [w.hostname, w.winner.action])).toEqual([['billed-pc', 'install']]);

    const s = (await api<StartSessionsResponse>('POST', '/maintenance-sessions', { computerId: agents.unbilled.computerId })).body.sessions[0]!;
    expect((await agents.unbilled.work(behave('hw-unbilled'))).map((a) => a.type)).toEqual(['detect', 'uninstall', 'detect']);
    expect(await session(s.id)).toEqual(expect.objectContaining({ status: 'succeeded', summary: '1 removed' }));
    expect(installed['hw-unbilled']).toEqual({});

    const ignore = await api<DeploymentSummary>('POST', '/deployments', { softwareId: s1.id, action: 'ignore', enforcement: 'required', target: { kind: 'tenant', tenantId: tenants.billed } });
    const state = (await api<DesiredState>('GET', `/computers/${agents.billed.computerId}/desired-state`)).body;
    expect(state.entries[0]).toEqual(expect.objectContaining({ action: 'ignore', deployment: expect.objectContaining({ id: ignore.body.id }) }));
    // The catch-all uninstall and the recurring-item install both lose to the tenant's exception.
    expect(state.entries[0]!.shadowed.map((d) => d.label).sort()).toEqual([all.body.label, expect.stringMatching(/^Install sentinelone \(latest\) for Halo recurring item/)].sort());
    expect(state.entries[0]!.reason).toBe('the deployment targets tenant Billed Bakery Ltd');
    await api('DELETE', `/deployments/${ignore.body.id}`);
    await api('DELETE', `/deployments/${all.body.id}`);
  });

  it('should apply an adhoc deployment only when run for it, and an onboarding one only at enrollment', async () => {
    const tool = await createSoftware(api, 'diag-tool');
    const adhoc = (await api<DeploymentSummary>('POST', '/deployments', { softwareId: tool.id, action: 'install', enforcement: 'adhoc', target: { kind: 'all' } })).body;
    await api<StartSessionsResponse>('POST', '/maintenance-sessions', { computerId: agents.unbilled.computerId });
    expect((await agents.unbilled.work(behave('hw-unbilled'))).map((a) => a.software)).toEqual([]);

    const run = await api<StartSessionsResponse>('POST', '/maintenance-sessions', { deploymentId: adhoc.id });
    expect(run.body.sessions.map((s) => [s.hostname, s.trigger, s.deployment?.id])).toEqual([
      ['billed-pc', 'deployment', adhoc.id], ['unbilled-pc', 'deployment', adhoc.id],
    ]);
    expect((await agents.unbilled.work(behave('hw-unbilled'))).map((a) => `${a.type} ${a.software}`)).toEqual(['detect diag-tool', 'install diag-tool', 'detect diag-tool']);
    expect((await billedAgent().work(behave('hw-billed'))).every((a) => a.software === 'diag-tool')).toBe(true);
    await api('DELETE', `/deployments/${adhoc.id}`);

    const onboarding = await createSoftware(api, 'welcome-pack');
    await api('POST', '/deployments', { softwareId: onboarding.id, action: 'install', enforcement: 'onboarding', target: { kind: 'tenant', tenantId: tenants.unbilled } });
    await api<StartSessionsResponse>('POST', '/maintenance-sessions', { computerId: agents.unbilled.computerId });
    expect((await agents.unbilled.work(behave('hw-unbilled'))).some((a) => a.software === 'welcome-pack')).toBe(false);

    const fresh = new ProtocolAgent(t);
    installed['hw-fresh'] = {};
    const key = await enrollmentKey(api, tenants.unbilled);
    expect((await fresh.enroll(key.key, machine('hw-fresh', 'fresh-pc'))).status).toBe(201);
    expect((await fresh.work(behave('hw-fresh'))).filter((a) => a.type === 'install').map((a) => a.software)).toEqual(['welcome-pack']);
    freshId = fresh.computerId;
    expect((await sessionsOf(fresh.computerId)).items[0]).toEqual(expect.objectContaining({ trigger: 'enrollment', status: 'succeeded' }));
  });

  it('should keep one computer when the same hardware enrolls again, and refuse keys that are revoked, expired or used up', async () => {
    const key = await enrollmentKey(api, tenants.unbilled, { maxUses: 1, name: 'one shot' });
    expect(key.key).toMatch(/^enr_/);
    const again = new ProtocolAgent(t);
    const res = await again.enroll(key.key, machine('hw-fresh', 'fresh-pc-renamed'));
    expect(res.body).toEqual(expect.objectContaining({ reenrolled: true, computerId: freshId, tenant: expect.objectContaining({ id: tenants.unbilled }) }));
    const computers = (await api<{ total: number; items: ComputerSummary[] }>('GET', `/computers?search=fresh-pc`)).body;
    expect(computers.items.map((c) => c.hostname)).toEqual(['fresh-pc-renamed']);

    expect((await new ProtocolAgent(t).enroll(key.key, machine('hw-other'))).body).toEqual(expect.objectContaining({ code: 'invalid_enrollment_key', message: 'enrollment refused: the enrollment key was used 1 of 1 times' }));
    const revoked = await enrollmentKey(api, tenants.unbilled);
    expect((await api('DELETE', `/enrollment-keys/${revoked.id}`)).status).toBe(204);
    expect((await new ProtocolAgent(t).enroll(revoked.key, machine('hw-other'))).status).toBe(401);
    expect((await new ProtocolAgent(t).enroll('enr_not-a-key', machine('hw-other'))).body.message).toBe('enrollment refused: the enrollment key is unknown');

    const listed = (await api<EnrollmentKeySummary[]>('GET', `/enrollment-keys?tenantId=${tenants.unbilled}`)).body;
    expect(listed.find((k) => k.id === key.id)).toEqual(expect.objectContaining({ uses: 1, usable: false, name: 'one shot' }));
    expect(JSON.stringify(listed)).not.toContain(key.key);
    const stored = (await t.app.get(DataSource).query(`SELECT key_hash FROM enrollment_keys`)) as { key_hash: string }[];
    expect(JSON.stringify(stored)).not.toContain(key.key.slice(4));
    const credentials = (await t.app.get(DataSource).query(`SELECT agent_key_hash FROM computers`)) as { agent_key_hash: string }[];
    expect(JSON.stringify(credentials)).not.toContain(again.credential.slice(4));
  });

  it('should refuse a revoked agent with agent_revoked and start no session for it', async () => {
    const victim = new ProtocolAgent(t);
    const key = await enrollmentKey(api, tenants.unbilled);
    await victim.enroll(key.key, machine('hw-victim'));
    await victim.work(() => ({ output: '' }));
    expect((await api<ComputerSummary>('POST', `/computers/${victim.computerId}/revoke-agent`)).body.agentActive).toBe(false);
    expect(await victim.checkIn()).toEqual({ status: 401, body: expect.objectContaining({ code: 'agent_revoked' }) });
    const start = (await api<StartSessionsResponse>('POST', '/maintenance-sessions', { computerId: victim.computerId })).body;
    expect(start.sessions).toEqual([]);
    expect(start.skipped[0]!.reason).toBe('its agent was revoked: enroll it again first');
    expect((await t.http('/api/v1/agent/check-in', { method: 'POST', token: 'agt_nonsense', json: { agentVersion: '1' } })).status).toBe(401);
  });

  it('should expire a session whose computer never checks in, and time out one whose agent stops reporting', async () => {
    const cron = t.app.get(MaintenanceCron);
    const idle = (await api<StartSessionsResponse>('POST', '/maintenance-sessions', { computerId: agents.unbilled.computerId })).body.sessions[0]!;
    const skipped = (await api<StartSessionsResponse>('POST', '/maintenance-sessions', { computerId: agents.unbilled.computerId })).body;
    expect(skipped.skipped[0]!.reason).toBe(`a session is already pending (${idle.id})`);
    expect(await cron.sweep(new Date(Date.now() + 23 * 3600_000))).toBe(0);
    // Every session still waiting goes (the re-enrolled computer's too, its agent never came back).
    const pending = (await api<SessionPage>('GET', '/maintenance-sessions?status=pending')).body.total;
    expect(pending).toBeGreaterThanOrEqual(1);
    expect(await cron.sweep(new Date(Date.now() + 25 * 3600_000))).toBe(pending);
    expect(await session(idle.id)).toEqual(expect.objectContaining({ status: 'expired', summary: 'the computer did not check in before the session expired' }));

    delete installed['hw-billed']!['sentinelone'];
    const stuck = (await api<StartSessionsResponse>('POST', '/maintenance-sessions', { computerId: agents.billed.computerId })).body.sessions[0]!;
    const first = await billedAgent().checkIn();
    expect(first.body.actions.map((a) => a.type)).toEqual(['detect']);
    // The agent vanishes with the detection in hand.
    expect(await cron.sweep(new Date(Date.now() + (first.body.actions[0]!.timeoutSeconds + 121) * 1000))).toBe(1);
    const gone = await session(stuck.id);
    expect(gone.status).toBe('timed_out');
    expect(gone.actions[0]!.output).toContain('did not report this action within its timeout');
  });

  it('should let a technician read and run maintenance but change nothing else', async () => {
    await api('POST', '/users', { email: 'tech@msp.example', password: 'technician-password-1', name: 'Tech', role: 'technician' });
    const tech = await t.signIn('tech@msp.example', 'technician-password-1');
    const as = apiClient(t, () => ({ cookie: tech }));
    expect((await as('GET', '/deployments')).status).toBe(200);
    expect((await as('GET', `/computers/${agents.billed.computerId}/desired-state`)).status).toBe(200);
    for (const [method, path, body] of [
      ['POST', '/software', { name: 'x', slug: 'x', platform: 'linux' }],
      ['POST', `/software/${s1.id}/versions`, { version: '9', installScript: 'a', uninstallScript: 'b', detectionScript: 'c' }],
      ['DELETE', `/software/${s1.id}`, undefined],
      ['POST', '/deployments', { softwareId: s1.id, action: 'install', enforcement: 'required', target: { kind: 'all' } }],
      ['POST', '/enrollment-keys', { tenantId: tenants.billed }],
      ['GET', '/enrollment-keys', undefined],
      ['PATCH', `/computers/${agents.billed.computerId}`, { kind: 'server' }],
      ['POST', `/computers/${agents.billed.computerId}/revoke-agent`, undefined],
      ['PATCH', `/tenants/${tenants.billed}`, { maintenanceSchedule: '0 2 * * *' }],
    ] as const) {
      expect([method, path, (await as(method, path, body)).status]).toEqual([method, path, 403]);
    }
    const started = await as<StartSessionsResponse>('POST', '/maintenance-sessions', { computerId: agents.unbilled.computerId });
    expect(started.status).toBe(201);
    expect(started.body.sessions[0]!.createdBy).toBe('tech@msp.example');
    expect((await as<SessionDetail>('POST', `/maintenance-sessions/${started.body.sessions[0]!.id}/cancel`)).body.status).toBe('cancelled');
  });

  it('should answer every first check-in when many computers start sessions at once', async () => {
    // More computers than the API's database pool has connections (10): each first check-in resolves a session.
    const key = await enrollmentKey(api, tenants.unbilled);
    const crowd = Array.from({ length: 24 }, () => new ProtocolAgent(t));
    for (const [i, agent] of crowd.entries()) expect((await agent.enroll(key.key, machine(`hw-crowd-${i}`))).status).toBe(201);
    const answers = await Promise.all(crowd.map((agent) => agent.checkIn()));
    expect(answers.map((a) => a.status)).toEqual(crowd.map(() => 200));
    expect(answers.every((a) => a.body.actions.length > 0)).toBe(true);
  });

  it('should start scheduled maintenance for every computer of a tenant when its schedule comes due', async () => {
    const bad = await api<{ errors: unknown[] }>('PATCH', `/tenants/${tenants.billed}`, { maintenanceSchedule: 'every night' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ field: 'maintenanceSchedule', message: expect.stringMatching(/five fields/) }]);
    const ok = await api<{ maintenanceSchedule: string; nextMaintenanceAt: string }>('PATCH', `/tenants/${tenants.billed}`, { maintenanceSchedule: '30 3 * * *' });
    expect(ok.body.maintenanceSchedule).toBe('30 3 * * *');
    expect(ok.body.nextMaintenanceAt).toMatch(/T03:30:00\.000Z$/);
    const sessions = t.app.get(MaintenanceCron);
    await sessions.sweep();
    const { SessionsService } = await import('./sessions.service');
    const svc = t.app.get(SessionsService);
    expect(await svc.startScheduled(new Date(Date.now() - 60_000))).toBe(0);
    expect(await svc.startScheduled(new Date(Date.parse(ok.body.nextMaintenanceAt) + 1000))).toBe(1);
    expect((await sessionsOf(agents.billed.computerId)).items[0]).toEqual(expect.objectContaining({ trigger: 'schedule', status: 'pending' }));
  });
});
