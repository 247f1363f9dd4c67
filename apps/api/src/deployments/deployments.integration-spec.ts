import type { DeploymentPreview, DeploymentSummary, SoftwareSummary, TenantSummary } from '@entitle/domain';
import { DataSource } from 'typeorm';
import { Api, apiClient, connectHalo, createSoftware, enrollmentKey, HALO, machine, ProtocolAgent, seedHalo } from '../../test/fleet';
import { HaloSim, startHaloSim } from '../../test/halo-sim';
import { startTestApp, TestApp } from '../../test/test-app';
import { DeploymentsService } from './deployments.service';

const SECRET = 'Deployments-Test-Secret-7';

/** The software library and deployments as an admin edits them: every bad input is a 400 naming its field. */
describe(DeploymentsService.name, () => {
  let t: TestApp;
  let sim: HaloSim;
  let cookie: string;
  let api: Api;
  let sw: SoftwareSummary;
  let integrationId: string;
  let tenantId: string;
  let computerId: string;

  beforeAll(async () => {
    [t, sim] = await Promise.all([startTestApp(), startHaloSim(['--clients', '6', '--seed', '9', '--client-id', 'deps', '--client-secret', SECRET])]);
    await seedHalo(sim);
    cookie = await t.signIn();
    api = apiClient(t, () => ({ cookie }));
    const halo = await connectHalo(api, sim, 'deps', SECRET);
    integrationId = halo.link.id;
    tenantId = halo.billedTenant;
    sw = await createSoftware(api, 'huntress', ['0.9.0', '1.2.0', '1.10.0']);
    const agent = new ProtocolAgent(t);
    await agent.enroll((await enrollmentKey(api, tenantId)).key, machine('hw-deps'));
    computerId = agent.computerId;
  });
  afterAll(async () => {
    await Promise.all([t?.close(), sim?.stop()]);
  });

  it('should order versions the way people read them and name the latest', async () => {
    expect(sw.versions.map((v) => v.version)).toEqual(['1.10.0', '1.2.0', '0.9.0']);
    expect(sw.latestVersion).toBe('1.10.0');
    const dup = await api<{ errors: unknown[] }>('POST', `/software/${sw.id}/versions`, { version: '1.2.0', installScript: 'a', uninstallScript: 'b', detectionScript: 'c' });
    expect(dup).toEqual({ status: 409, body: expect.objectContaining({ errors: [{ field: 'version', message: 'already exists' }] }) });
    const taken = await api('POST', '/software', { name: 'Other', slug: 'huntress', platform: 'linux' });
    expect(taken).toEqual({ status: 409, body: expect.objectContaining({ errors: [{ field: 'slug', message: 'already in use' }] }) });
  });

  /** A valid deployment; `:sw`, `:int`, `:tenant` and `:computer` stand for ids made in beforeAll. */
  const good = () => ({ softwareId: ':sw', action: 'install', enforcement: 'required', target: { kind: 'all' } });
  it.each([
    ['POST', '/software', { name: 'X', slug: 'Bad Slug', platform: 'linux' }, 'slug'],
    ['POST', '/software', { name: 'X', slug: 'x', platform: 'beos' }, 'platform'],
    ['POST', '/software', { name: '', slug: 'x', platform: 'linux' }, 'name'],
    ['POST', '/software', { name: 'X', slug: 'x', platform: 'linux', colour: 'red' }, 'colour'],
    ['PATCH', '/software/:sw', { name: null }, 'name'],
    ['POST', '/software/:sw/versions', { version: '2 0', installScript: 'a', uninstallScript: 'b', detectionScript: 'c' }, 'version'],
    ['POST', '/software/:sw/versions', { version: '2.0', installScript: '', uninstallScript: 'b', detectionScript: 'c' }, 'installScript'],
    ['POST', '/software/:sw/versions', { version: '2.0', installScript: 'a', uninstallScript: 'b', detectionScript: 'c', timeoutSeconds: 1 }, 'timeoutSeconds'],
    ['POST', '/deployments', { ...good(), softwareId: 'nope' }, 'softwareId'],
    ['POST', '/deployments', { ...good(), action: 'reinstall' }, 'action'],
    ['POST', '/deployments', { ...good(), enforcement: 'sometimes' }, 'enforcement'],
    ['POST', '/deployments', { ...good(), priority: 1.5 }, 'priority'],
    ['POST', '/deployments', { ...good(), computerKinds: [] }, 'computerKinds'],
    ['POST', '/deployments', { ...good(), computerKinds: ['laptop'] }, 'computerKinds'],
    ['POST', '/deployments', { ...good(), target: { kind: 'galaxy' } }, 'target.kind'],
    ['POST', '/deployments', { ...good(), target: { kind: 'tenant' } }, 'target.tenantId'],
    ['POST', '/deployments', { ...good(), target: { kind: 'all', tenantId: '00000000-0000-4000-8000-000000000000' } }, 'target.tenantId'],
    ['POST', '/deployments', { ...good(), target: { kind: 'tenant', tenantId: '00000000-0000-4000-8000-000000000000' } }, 'target.tenantId'],
    ['POST', '/deployments', { ...good(), target: { kind: 'computer', computerId: '00000000-0000-4000-8000-000000000000' } }, 'target.computerId'],
    ['POST', '/deployments', { ...good(), target: { kind: 'recurringItem', integrationId: '00000000-0000-4000-8000-000000000000', itemIds: [77] } }, 'target.integrationId'],
    ['POST', '/deployments', { ...good(), target: { kind: 'recurringItem', integrationId: ':int', itemIds: ['77'] } }, 'target.itemIds'],
    ['POST', '/deployments', { ...good(), target: { kind: 'contractType', integrationId: ':int', contractTypes: [] } }, 'target.contractTypes'],
    ['POST', '/deployments', { ...good(), version: '3.0.0' }, 'version'],
    ['POST', '/deployments', { ...good(), action: 'uninstall', version: '1.2.0' }, 'version'],
    ['POST', '/deployments/preview', { ...good(), target: { kind: 'tenant' } }, 'target.tenantId'],
    ['POST', '/enrollment-keys', { tenantId: 'x' }, 'tenantId'],
    ['POST', '/enrollment-keys', { tenantId: ':tenant', expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    ['POST', '/enrollment-keys', { tenantId: ':tenant', maxUses: 0 }, 'maxUses'],
    ['PATCH', '/computers/:computer', { primaryUserEmail: 'not-an-email' }, 'primaryUserEmail'],
    ['PATCH', '/computers/:computer', { haloSiteId: HALO.unbilled.siteId }, 'haloSiteId'],
    ['PATCH', '/computers/:computer', { kind: 'tablet' }, 'kind'],
    ['GET', '/computers?online=maybe', undefined, 'online'],
    ['GET', '/computers?limit=0', undefined, 'limit'],
    ['POST', '/maintenance-sessions', {}, 'computerId'],
    ['POST', '/maintenance-sessions', { computerId: '00000000-0000-4000-8000-000000000000' }, 'computerId'],
    ['POST', '/maintenance-sessions', { deploymentId: '00000000-0000-4000-8000-000000000000' }, 'deploymentId'],
    ['GET', '/maintenance-sessions?status=done', undefined, 'status'],
    ['PATCH', '/tenants/:tenant', { maintenanceSchedule: '61 * * * *' }, 'maintenanceSchedule'],
    ['GET', '/deployments/not-a-uuid', undefined, 'id'],
  ])('should answer %s %s with 400 naming the field (%j)', async (method, path, body, field) => {
    const url = path.replace(':sw', sw.id).replace(':int', integrationId).replace(':tenant', tenantId).replace(':computer', computerId);
    const json = body && JSON.parse(JSON.stringify(body).replace(':sw', sw.id).replace(':int', integrationId).replace(':tenant', tenantId));
    const res = await api<{ code: string; errors: { field: string }[] }>(method, url, json);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('validation_failed');
    expect(res.body.errors.map((e) => e.field)).toContain(field);
  });

  it('should write nothing when a deployment is refused', async () => {
    const before = ((await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM deployments`)) as { n: number }[])[0]!.n;
    await api('POST', '/deployments', { ...good(), softwareId: sw.id, target: { kind: 'tenant', tenantId: '00000000-0000-4000-8000-000000000000' } });
    expect(((await t.app.get(DataSource).query(`SELECT count(*)::int AS n FROM deployments`)) as { n: number }[])[0]!.n).toBe(before);
  });

  it('should warn in the preview when a target matches nothing today', async () => {
    const preview = await api<DeploymentPreview>('POST', '/deployments/preview', {
      ...good(), softwareId: sw.id, enforcement: 'adhoc', target: { kind: 'contractType', integrationId, contractTypes: ['Managed  SECURITY ', 'Platinum Care'] },
    });
    expect(preview.status).toBe(200);
    expect(preview.body.warnings).toEqual(expect.arrayContaining([
      'Ad hoc: applies only when a session is started for this deployment ("Run now").',
      'No contract of type "Platinum Care" is in force on Sim Halo today.',
    ]));
    // Contract types compare trimmed and case-insensitively (targeting.md R5): the first one exists.
    expect(preview.body.warnings.some((w) => w.includes('Managed  SECURITY'))).toBe(false);
    const items = await api<DeploymentPreview>('POST', '/deployments/preview', { ...good(), softwareId: sw.id, target: { kind: 'recurringItem', integrationId, itemIds: [HALO.item, 424242] } });
    expect(items.body.warnings).toContain('Item 424242 is on no line in force of a recurring invoice of Sim Halo.');
  });

  it('should let the draft stand in for the deployment being edited, and pin versions the software has', async () => {
    const saved = (await api<DeploymentSummary>('POST', '/deployments', { ...good(), softwareId: sw.id, version: '1.2.0', priority: 50 })).body;
    expect(saved.version).toBe('1.2.0');
    const edit = await api<DeploymentPreview>('POST', '/deployments/preview', { ...good(), softwareId: sw.id, id: saved.id, action: 'uninstall' });
    expect(edit.body.wins.map((w) => w.computerId)).toEqual([computerId]);
    const patched = await api<DeploymentSummary>('PATCH', `/deployments/${saved.id}`, { action: 'uninstall' });
    expect(patched.body).toEqual(expect.objectContaining({ action: 'uninstall', version: null, priority: 50 }));
    // A pinned version cannot be deleted from under a deployment.
    await api('PATCH', `/deployments/${saved.id}`, { action: 'install', version: '0.9.0' });
    const pinned = sw.versions.find((v) => v.version === '0.9.0')!;
    expect((await api('DELETE', `/software/${sw.id}/versions/${pinned.id}`)).status).toBe(409);
    expect((await api('DELETE', `/software/${sw.id}`)).status).toBe(409);
    expect((await api('DELETE', `/deployments/${saved.id}`)).status).toBe(204);
    expect((await api('GET', `/deployments/${saved.id}`)).status).toBe(404);
  });

  it('should refuse to delete a tenant that still has computers', async () => {
    const res = await api<{ message: string }>('DELETE', `/tenants/${tenantId}`);
    expect(res.status).toBe(409);
    expect(res.body.message).toMatch(/has 1 computer/);
    expect((await api<TenantSummary>('GET', `/tenants/${tenantId}`)).body.computerCount).toBe(1);
  });

  it('should set a computer\'s Halo site from its client\'s sites only', async () => {
    const sites = (await api<{ id: number; name: string }[]>('GET', `/computers/${computerId}/halo-sites`)).body;
    expect(sites).toEqual([{ id: HALO.billed.siteId, name: 'Bakery HQ' }]);
    const set = await api<{ haloSiteId: number; haloSiteName: string }>('PATCH', `/computers/${computerId}`, { haloSiteId: HALO.billed.siteId, primaryUserEmail: 'Baker@Bakery.example' });
    expect(set.body).toEqual(expect.objectContaining({ haloSiteId: HALO.billed.siteId, haloSiteName: 'Bakery HQ', primaryUserEmail: 'baker@bakery.example' }));
  });
});
