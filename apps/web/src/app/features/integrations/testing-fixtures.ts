import type { IntegrationHealth, IntegrationSummary, SyncRun } from '@entitle/domain';
import { API_PERMISSIONS } from './halo-setup-steps';

// Shapes the API answers, for the component specs of this folder (not bundled: nothing in the app imports it).

export function summary(overrides: Partial<IntegrationSummary> = {}): IntegrationSummary {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    name: 'Acme Halo',
    haloUrl: 'https://acme.halopsa.com',
    authUrl: null,
    tenant: null,
    clientId: 'client-1',
    clientSecretSet: true,
    syncIntervalMinutes: 15,
    enabled: true,
    health: null,
    lastSync: null,
    createdAt: '2026-12-04T10:00:00.000Z',
    updatedAt: '2026-12-04T10:00:00.000Z',
    ...overrides,
  };
}

export function health(missing: string[] = []): IntegrationHealth {
  return {
    checkedAt: '2026-12-04T10:01:00.000Z',
    connected: true,
    ok: missing.length === 0,
    errorCode: null,
    error: null,
    requestsUsed: 11,
    permissions: API_PERMISSIONS.map(({ permission }) => ({
      permission,
      status: missing.includes(permission) ? 'missing' : 'granted',
      evidence: missing.includes(permission) ? '403' : 'succeeded',
      action: missing.includes(permission) ? `enable "${permission}"` : null,
      neededFor: 'something',
    })),
  };
}

export function syncRun(overrides: Partial<SyncRun> = {}): SyncRun {
  return {
    id: '22222222-2222-4222-8222-222222222222',
    integrationId: '11111111-1111-4111-8111-111111111111',
    trigger: 'manual',
    status: 'succeeded',
    startedAt: '2026-12-04T10:00:00.000Z',
    finishedAt: '2026-12-04T10:00:03.000Z',
    counts: { clients: 30, sites: 50, users: 150, contracts: 70, recurringInvoices: 80, recurringLines: 300, items: 14 },
    haloRequests: 13,
    source: 'report',
    error: null,
    drop: null,
    decidedAt: null,
    decidedBy: null,
    ...overrides,
  };
}
