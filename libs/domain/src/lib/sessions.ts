/**
 * Maintenance sessions (`/api/v1/maintenance-sessions`): for one computer, resolve its desired state, detect what is
 * installed, plan (install, upgrade, uninstall, nothing), hand the actions to the agent, record each result with its
 * log, and detect again.
 */
import type { AgentActionType } from './agent';

export const SESSION_TRIGGERS = ['manual', 'schedule', 'enrollment', 'deployment'] as const;
/** manual: started for a computer or a tenant; deployment: started for one deployment (its adhoc enforcement applies). */
export type SessionTrigger = (typeof SESSION_TRIGGERS)[number];

export const SESSION_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'timed_out', 'expired', 'cancelled'] as const;
/**
 * pending: waiting for the computer's next check-in; expired: it did not check in before the session's expiry;
 * timed_out: the agent stopped reporting in the middle of it.
 */
export type SessionStatus = (typeof SESSION_STATUSES)[number];
export type SessionPhase = 'waiting' | 'detecting' | 'executing' | 'verifying' | 'done';

export const ACTION_STATUSES = ['pending', 'running', 'succeeded', 'failed', 'timed_out', 'cancelled'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

export type PlannedChange = 'install' | 'upgrade' | 'uninstall' | 'nothing';

/** One software of the session's plan: what the resolver wants, what detection found, and what the session does. */
export interface SessionPlanEntry {
  softwareId: string;
  software: string;
  softwareName: string;
  desiredAction: 'install' | 'uninstall' | 'ignore';
  desiredVersion: string | null;
  deployment: { id: string; label: string };
  reason: string;
  /** undefined until detection ran; null: absent. */
  detectedVersion?: string | null;
  change?: PlannedChange;
  /** Why this change (or none): "1.2.0 installed, 1.3.0 wanted". */
  note?: string;
  /** What detection found after the change. */
  finalVersion?: string | null;
}

export interface SessionAction {
  id: string;
  sessionId: string | null;
  type: AgentActionType;
  /** For install actions that replace an older version. */
  upgrade: boolean;
  software: string;
  softwareName: string;
  version: string | null;
  status: ActionStatus;
  exitCode: number | null;
  /** stdout and stderr; at most AGENT_OUTPUT_LIMIT_BYTES plus a line saying what was left out. */
  output: string | null;
  outputTruncated: boolean;
  timeoutSeconds: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface SessionSummary {
  id: string;
  computerId: string;
  hostname: string;
  tenantId: string;
  tenantName: string;
  trigger: SessionTrigger;
  deployment: { id: string; label: string } | null;
  status: SessionStatus;
  phase: SessionPhase;
  /** Plain words: "2 installed, 1 failed", "nothing to do", "computer did not check in within 24 h". */
  summary: string;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** A pending session expires at this moment when the computer has not checked in. */
  expiresAt: string;
}

export interface SessionDetail extends SessionSummary {
  plan: SessionPlanEntry[];
  actions: SessionAction[];
}

/**
 * `POST /api/v1/maintenance-sessions`: exactly one scope. `computerId`: that computer; `tenantId`: each of the tenant's
 * computers; `deploymentId`: each computer the deployment wins on (narrowed by `computerId` or `tenantId` when given),
 * applying only that deployment.
 */
export interface StartSessionsRequest {
  computerId?: string;
  tenantId?: string;
  deploymentId?: string;
}

export interface StartSessionsResponse {
  sessions: SessionSummary[];
  /** Computers left out, with why (a session already pending or running). */
  skipped: { computerId: string; hostname: string; reason: string }[];
}

/** `GET /api/v1/maintenance-sessions` (filters: computerId, tenantId, deploymentId, status; limit, offset). */
export interface SessionPage {
  total: number;
  items: SessionSummary[];
}
