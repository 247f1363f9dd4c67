import type {
  ComputerSummary,
  CreatedEnrollmentKey,
  DeploymentPreview,
  DeploymentSummary,
  DesiredStateEntry,
  EnrollmentKeySummary,
  InventoryEntry,
  SessionAction,
  SessionDetail,
  SessionSummary,
  SoftwareSummary,
  SoftwareVersion,
  TenantSummary,
} from '@entitle/domain';

// Shapes the API answers, for the component specs (not bundled: nothing in the app imports this folder).

const AT = '2026-12-04T10:00:00.000Z';

export const TENANT_ID = '33333333-3333-4333-8333-333333333333';
export const SOFTWARE_ID = '44444444-4444-4444-8444-444444444444';
export const COMPUTER_ID = '55555555-5555-4555-8555-555555555555';
export const DEPLOYMENT_ID = '66666666-6666-4666-8666-666666666666';
export const SESSION_ID = '77777777-7777-4777-8777-777777777777';

export function tenant(overrides: Partial<TenantSummary> = {}): TenantSummary {
  return {
    id: TENANT_ID,
    name: 'Acme Dental',
    mapping: null,
    maintenanceSchedule: null,
    nextMaintenanceAt: null,
    computerCount: 0,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

export function version(overrides: Partial<SoftwareVersion> = {}): SoftwareVersion {
  return {
    id: '88888888-8888-4888-8888-888888888888',
    version: '1.2.0',
    installScript: 'msiexec /i agent.msi /qn',
    uninstallScript: 'msiexec /x agent.msi /qn',
    detectionScript: '(Get-Item agent.exe).VersionInfo.ProductVersion',
    timeoutSeconds: null,
    createdAt: AT,
    ...overrides,
  };
}

export function software(overrides: Partial<SoftwareSummary> = {}): SoftwareSummary {
  return {
    id: SOFTWARE_ID,
    name: 'SentinelOne',
    slug: 'sentinelone',
    vendor: 'SentinelOne Inc.',
    platform: 'windows',
    notes: null,
    latestVersion: '1.2.0',
    versions: [version()],
    deploymentCount: 0,
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

export function computer(overrides: Partial<ComputerSummary> = {}): ComputerSummary {
  return {
    id: COMPUTER_ID,
    tenantId: TENANT_ID,
    tenantName: 'Acme Dental',
    hostname: 'ACME-PC1',
    platform: 'windows',
    osName: 'Windows 11 Pro',
    osVersion: '23H2',
    serial: 'SN-1001',
    hardwareId: '4C4C4544-0042-3510-8051-B4C04F4E3232',
    loggedInUser: 'ACME\\dora',
    kind: 'workstation',
    haloSiteId: null,
    haloSiteName: null,
    primaryUserEmail: null,
    agentVersion: '0.1.0',
    agentActive: true,
    enrolledAt: AT,
    lastSeenAt: '2026-12-04T10:05:00.000Z',
    online: true,
    ...overrides,
  };
}

export function enrollmentKey(overrides: Partial<EnrollmentKeySummary> = {}): EnrollmentKeySummary {
  return {
    id: '99999999-9999-4999-8999-999999999999',
    tenantId: TENANT_ID,
    tenantName: 'Acme Dental',
    name: 'Office rollout',
    prefix: 'enr_ab12',
    expiresAt: null,
    maxUses: 10,
    uses: 3,
    revokedAt: null,
    lastUsedAt: '2026-12-04T11:00:00.000Z',
    createdAt: AT,
    usable: true,
    ...overrides,
  };
}

export function createdKey(overrides: Partial<CreatedEnrollmentKey> = {}): CreatedEnrollmentKey {
  return {
    ...enrollmentKey({ uses: 0, lastUsedAt: null }),
    key: 'enr_ab12-secret-key-value',
    enrollCommand: 'curl -fsSL https://entitle.example/api/v1/agent/download | sh -s -- --key enr_ab12-secret-key-value',
    ...overrides,
  };
}

export function deployment(overrides: Partial<DeploymentSummary> = {}): DeploymentSummary {
  return {
    id: DEPLOYMENT_ID,
    label: 'Install SentinelOne (latest) on tenant Acme Dental',
    software: { id: SOFTWARE_ID, name: 'SentinelOne', slug: 'sentinelone', platform: 'windows' },
    action: 'install',
    version: 'latest',
    enforcement: 'required',
    priority: 100,
    computerKinds: null,
    target: { kind: 'tenant', tenantId: TENANT_ID },
    targetLabel: 'tenant Acme Dental',
    notes: null,
    createdBy: 'ada@example.com',
    createdAt: AT,
    updatedAt: AT,
    ...overrides,
  };
}

export function preview(overrides: Partial<DeploymentPreview> = {}): DeploymentPreview {
  return {
    asOf: '2026-12-04',
    computersConsidered: 2,
    winsTotal: 1,
    shadowedTotal: 0,
    wins: [{ computerId: COMPUTER_ID, hostname: 'ACME-PC1', tenantId: TENANT_ID, tenantName: 'Acme Dental', kind: 'workstation', reason: 'tenant Acme Dental' }],
    shadowed: [],
    warnings: [],
    ...overrides,
  };
}

export function desiredEntry(overrides: Partial<DesiredStateEntry> = {}): DesiredStateEntry {
  return {
    softwareId: SOFTWARE_ID,
    software: 'sentinelone',
    softwareName: 'SentinelOne',
    action: 'install',
    version: 'latest',
    resolvedVersion: '1.2.0',
    enforcement: 'required',
    deployment: { id: DEPLOYMENT_ID, label: 'Install SentinelOne (latest) on tenant Acme Dental' },
    shadowed: [],
    reason: 'tenant Acme Dental',
    ...overrides,
  };
}

export function inventoryEntry(overrides: Partial<InventoryEntry> = {}): InventoryEntry {
  return { softwareId: SOFTWARE_ID, software: 'sentinelone', softwareName: 'SentinelOne', version: '1.1.0', detectedAt: AT, ...overrides };
}

export function sessionSummary(overrides: Partial<SessionSummary> = {}): SessionSummary {
  return {
    id: SESSION_ID,
    computerId: COMPUTER_ID,
    hostname: 'ACME-PC1',
    tenantId: TENANT_ID,
    tenantName: 'Acme Dental',
    trigger: 'manual',
    deployment: null,
    status: 'succeeded',
    phase: 'done',
    summary: '1 installed',
    error: null,
    createdBy: 'ada@example.com',
    createdAt: AT,
    startedAt: '2026-12-04T10:01:00.000Z',
    finishedAt: '2026-12-04T10:03:00.000Z',
    expiresAt: '2026-12-05T10:00:00.000Z',
    ...overrides,
  };
}

export function sessionAction(overrides: Partial<SessionAction> = {}): SessionAction {
  return {
    id: 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa',
    sessionId: SESSION_ID,
    type: 'install',
    upgrade: true,
    software: 'sentinelone',
    softwareName: 'SentinelOne',
    version: '1.2.0',
    status: 'succeeded',
    exitCode: 0,
    output: 'Installing 1.2.0\nDone',
    outputTruncated: false,
    timeoutSeconds: 900,
    createdAt: AT,
    startedAt: '2026-12-04T10:01:30.000Z',
    finishedAt: '2026-12-04T10:02:15.000Z',
    ...overrides,
  };
}

export function sessionDetail(overrides: Partial<SessionDetail> = {}): SessionDetail {
  return {
    ...sessionSummary(),
    plan: [
      {
        softwareId: SOFTWARE_ID,
        software: 'sentinelone',
        softwareName: 'SentinelOne',
        desiredAction: 'install',
        desiredVersion: '1.2.0',
        deployment: { id: DEPLOYMENT_ID, label: 'Install SentinelOne (latest) on tenant Acme Dental' },
        reason: 'tenant Acme Dental',
        detectedVersion: '1.1.0',
        change: 'upgrade',
        note: '1.1.0 installed, 1.2.0 wanted',
        finalVersion: '1.2.0',
      },
    ],
    actions: [sessionAction()],
    ...overrides,
  };
}

/** An error body as the API sends it. */
export function apiError(status: number, message: string, errors?: { field: string; message: string }[]) {
  return { body: { statusCode: status, error: 'x', code: 'x', message, ...(errors ? { errors } : {}) }, init: { status, statusText: 'x' } };
}
