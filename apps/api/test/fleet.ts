import type {
  AgentAction, AgentCheckInRequest, AgentCheckInResponse, AgentEnrollResponse, AgentMachineInfo, CreatedEnrollmentKey, IntegrationSummary, SoftwareSummary,
} from '@entitle/domain';
import type { HaloSim } from './halo-sim';
import type { TestApp } from './test-app';

/** JSON over real HTTP to the test app, as a signed-in user (`cookie`) or an agent (`token`). */
export function apiClient(t: TestApp, auth: () => { cookie?: string; token?: string }) {
  return async <T = unknown>(method: string, path: string, json?: unknown): Promise<{ status: number; body: T }> => {
    const res = await t.http(`/api/v1${path}`, { method, json, ...auth() });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
  };
}

export type Api = ReturnType<typeof apiClient>;

/** A small Halo world added to the simulator: two clients, one billed for SentinelOne Core (item 77), one not. */
export const HALO = {
  billed: { clientId: 9001, siteId: 9101, name: 'Billed Bakery Ltd', invoiceId: -9001, lineId: 99001 },
  unbilled: { clientId: 9002, siteId: 9102, name: 'Unbilled Upholstery Ltd' },
  item: 77,
} as const;

export async function seedHalo(sim: HaloSim): Promise<void> {
  const { billed, unbilled } = HALO;
  await sim.admin('POST', '/_sim/records/clients', { id: billed.clientId, name: billed.name, main_site_id: billed.siteId });
  await sim.admin('POST', '/_sim/records/sites', { id: billed.siteId, name: 'Bakery HQ', client_id: billed.clientId });
  await sim.admin('POST', '/_sim/records/clients', { id: unbilled.clientId, name: unbilled.name, main_site_id: unbilled.siteId });
  await sim.admin('POST', '/_sim/records/sites', { id: unbilled.siteId, name: 'Upholstery HQ', client_id: unbilled.clientId });
  await sim.admin('POST', '/_sim/records/invoices', {
    id: billed.invoiceId, client_id: billed.clientId, reference: 'RI-BAKERY',
    lines: [{ id: billed.lineId, _itemid: HALO.item, item_code: 'S1-CORE', qty_order: 2 }],
  });
}

/** Creates a link to the simulator, syncs it, and maps the two seeded clients to new tenants. */
export async function connectHalo(api: Api, sim: HaloSim, clientId: string, clientSecret: string): Promise<{ link: IntegrationSummary; billedTenant: string; unbilledTenant: string }> {
  const link = (await api<IntegrationSummary>('POST', '/integrations', { name: 'Sim Halo', haloUrl: sim.url, clientId, clientSecret })).body;
  const sync = await api<{ run: { status: string } }>('POST', `/integrations/${link.id}/sync?wait=true`);
  if (sync.body.run.status !== 'succeeded') throw new Error(`sync ended ${JSON.stringify(sync.body)}`);
  const created = await api<{ applied: { haloClientId: number; tenantId: string }[] }>('POST', `/integrations/${link.id}/clients/create-tenants`, {
    haloClientIds: [HALO.billed.clientId, HALO.unbilled.clientId],
  });
  const tenant = (id: number): string => created.body.applied.find((a) => a.haloClientId === id)!.tenantId;
  return { link, billedTenant: tenant(HALO.billed.clientId), unbilledTenant: tenant(HALO.unbilled.clientId) };
}

/** A Linux software whose scripts the tests never run (the test plays the agent). */
export async function createSoftware(api: Api, slug: string, versions: string[] = ['1.0.0']): Promise<SoftwareSummary> {
  const created = await api<SoftwareSummary>('POST', '/software', { name: slug.replace(/-/g, ' '), slug, platform: 'linux', vendor: 'Test' });
  if (created.status !== 201) throw new Error(`software: ${created.status} ${JSON.stringify(created.body)}`);
  let last = created.body;
  for (const version of versions) {
    last = (await api<SoftwareSummary>('POST', `/software/${last.id}/versions`, {
      version, installScript: `echo install ${slug} ${version}`, uninstallScript: `echo uninstall ${slug}`, detectionScript: `echo detect ${slug}`,
    })).body;
  }
  return last;
}

export function machine(hardwareId: string, hostname = hardwareId): AgentMachineInfo {
  return {
    hostname, platform: 'linux', osName: 'Debian GNU/Linux 12', osVersion: '12', serial: `SN-${hardwareId}`, hardwareId,
    loggedInUser: 'alice', kind: 'workstation', agentVersion: '0.1.0',
  };
}

export async function enrollmentKey(api: Api, tenantId: string, extra: Record<string, unknown> = {}): Promise<CreatedEnrollmentKey> {
  const res = await api<CreatedEnrollmentKey>('POST', '/enrollment-keys', { tenantId, ...extra });
  if (res.status !== 201) throw new Error(`enrollment key: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Plays the agent protocol over real HTTP: enrolls, then checks in, answering each action with what `respond`
 * says. The real agent (apps/agent) is tested against the real API in agent-e2e.integration-spec.ts.
 */
export class ProtocolAgent {
  credential = '';
  computerId = '';

  constructor(private readonly t: TestApp) {}

  async enroll(key: string, info: AgentMachineInfo): Promise<{ status: number; body: AgentEnrollResponse & { code?: string; message?: string } }> {
    const res = await this.t.http('/api/v1/agent/enroll', { method: 'POST', json: { key, ...info } });
    const body = (await res.json()) as AgentEnrollResponse & { code?: string; message?: string };
    if (res.status === 201) {
      this.credential = body.credential;
      this.computerId = body.computerId;
    }
    return { status: res.status, body };
  }

  async checkIn(body: Partial<AgentCheckInRequest> = {}): Promise<{ status: number; body: AgentCheckInResponse & { code?: string } }> {
    const res = await this.t.http('/api/v1/agent/check-in', { method: 'POST', token: this.credential, json: { agentVersion: '0.1.0', ...body } });
    return { status: res.status, body: (await res.json()) as AgentCheckInResponse & { code?: string } };
  }

  /**
   * Checks in until the server hands out nothing more, answering each action with `respond` (exit 0 and its output, or
   * a failure). Returns every action it ran, in order.
   */
  async work(respond: (a: AgentAction) => { output: string; exitCode?: number; status?: 'succeeded' | 'failed' | 'timed_out' }): Promise<AgentAction[]> {
    const ran: AgentAction[] = [];
    let results: AgentCheckInRequest['results'] = [];
    for (let i = 0; i < 20; i++) {
      const res = await this.checkIn({ results });
      if (res.status !== 200) throw new Error(`check-in answered ${res.status}: ${JSON.stringify(res.body)}`);
      if (res.body.actions.length === 0) return ran;
      results = res.body.actions.map((a) => {
        ran.push(a);
        const r = respond(a);
        const now = new Date().toISOString();
        const status = r.status ?? ((r.exitCode ?? 0) === 0 ? 'succeeded' : 'failed');
        return { actionId: a.id, status, exitCode: status === 'timed_out' ? null : (r.exitCode ?? 0), output: r.output, outputTruncated: false, startedAt: now, finishedAt: now };
      });
    }
    throw new Error('the server kept handing out actions');
  }
}
