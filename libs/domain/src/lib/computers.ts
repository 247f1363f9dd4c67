/** API contracts of computers, enrollment keys and the agent protocol. Dates are ISO strings. */
import type { Platform } from './software';

export const COMPUTER_KINDS = ['workstation', 'server', 'portable'] as const;
export type ComputerKind = (typeof COMPUTER_KINDS)[number];

/** `GET /api/v1/computers` and `GET /api/v1/computers/:id` */
export interface ComputerSummary {
  id: string;
  tenantId: string;
  tenantName: string;
  hostname: string;
  platform: Platform;
  osName: string | null;
  osVersion: string | null;
  serial: string | null;
  /** SMBIOS UUID, /etc/machine-id or IOPlatformUUID: enrolling the same hardware again updates this computer. */
  hardwareId: string;
  loggedInUser: string | null;
  kind: ComputerKind;
  /** The Halo site the computer is at (targeting.md R4); null: not set. */
  haloSiteId: number | null;
  haloSiteName: string | null;
  primaryUserEmail: string | null;
  agentVersion: string | null;
  /** false once an admin revoked the agent's credential: its check-ins are refused until it enrolls again. */
  agentActive: boolean;
  enrolledAt: string;
  lastSeenAt: string | null;
  /** Seen within two check-in intervals. */
  online: boolean;
}

/** `GET /api/v1/computers` (filters: tenantId, kind, online, haloSiteId, platform, search; limit, offset). */
export interface ComputerPage {
  total: number;
  items: ComputerSummary[];
}

/** `PATCH /api/v1/computers/:id` */
export interface UpdateComputerRequest {
  /** A site of the Halo client the computer's tenant is mapped to; null clears it. */
  haloSiteId?: number | null;
  primaryUserEmail?: string | null;
  kind?: ComputerKind;
}

/** What the last detection found of one software on a computer. */
export interface InventoryEntry {
  softwareId: string;
  software: string;
  softwareName: string;
  /** null: detection ran and found it absent. */
  version: string | null;
  detectedAt: string;
}

/** One entry of a computer's desired state (`GET /api/v1/computers/:id/desired-state`), with why. */
export interface DesiredStateEntry {
  softwareId: string;
  software: string;
  softwareName: string;
  action: 'install' | 'uninstall' | 'ignore';
  /** `latest` or a version for install; null otherwise. */
  version: string | null;
  /** The version `latest` stands for today. */
  resolvedVersion: string | null;
  enforcement: 'required' | 'onboarding' | 'adhoc';
  deployment: { id: string; label: string };
  /** Deployments that also cover this computer for this software and lost (targeting.md R8). */
  shadowed: { id: string; label: string }[];
  /** Why it won, in words: which contract or recurring-invoice line, tenant or computer. */
  reason: string;
  /** What detection last found: undefined when never detected. */
  detected?: { version: string | null; detectedAt: string };
}

export interface DesiredState {
  computerId: string;
  asOf: string;
  entries: DesiredStateEntry[];
}

/** `POST /api/v1/enrollment-keys` */
export interface CreateEnrollmentKeyRequest {
  tenantId: string;
  name?: string | null;
  /** After this moment the key enrolls nothing. */
  expiresAt?: string | null;
  /** How many enrollments the key allows; null: unlimited. */
  maxUses?: number | null;
}

export interface EnrollmentKeySummary {
  id: string;
  tenantId: string;
  tenantName: string;
  name: string | null;
  /** The first characters, to recognise a key; the key itself is only in the creation answer. */
  prefix: string;
  expiresAt: string | null;
  maxUses: number | null;
  uses: number;
  revokedAt: string | null;
  lastUsedAt: string | null;
  createdAt: string;
  /** usable: not revoked, not expired, uses left. */
  usable: boolean;
}

/** The creation answer: the only time the key is shown. */
export interface CreatedEnrollmentKey extends EnrollmentKeySummary {
  key: string;
  /** The command that installs and enrolls an agent with this key. */
  enrollCommand: string;
}
