import type {
  ActionStatus, AgentActionType, SessionAction, SessionDetail, SessionPhase, SessionPlanEntry, SessionStatus, SessionSummary, SessionTrigger,
} from '@entitle/domain';

export interface SessionRow {
  id: string; computer_id: string; hostname: string; tenant_id: string; tenant_name: string; trigger: SessionTrigger;
  deployment_id: string | null; deployment_label: string | null; status: SessionStatus; phase: SessionPhase; plan: SessionPlanEntry[];
  summary: string; error: string | null; created_by: string | null; created_at: Date; started_at: Date | null; finished_at: Date | null; expires_at: Date;
}

export interface ActionRow {
  id: string; computer_id: string; session_id: string | null; seq: string; type: AgentActionType; upgrade: boolean; software_id: string | null;
  software_slug: string; software_name: string; version: string | null; shell: 'sh' | 'powershell'; script: string; timeout_seconds: number;
  status: ActionStatus; exit_code: number | null; output: string | null; output_truncated: boolean;
  created_at: Date; sent_at: Date | null; started_at: Date | null; finished_at: Date | null;
}

export const SESSION_SELECT = `
  SELECT m.*, c.hostname, c.tenant_id, t.name AS tenant_name
  FROM maintenance_sessions m JOIN computers c ON c.id = m.computer_id JOIN tenants t ON t.id = c.tenant_id`;

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

export function toSessionSummary(r: SessionRow): SessionSummary {
  return {
    id: r.id, computerId: r.computer_id, hostname: r.hostname, tenantId: r.tenant_id, tenantName: r.tenant_name, trigger: r.trigger,
    deployment: r.deployment_id ? { id: r.deployment_id, label: r.deployment_label ?? r.deployment_id } : null,
    status: r.status, phase: r.phase, summary: r.summary, error: r.error, createdBy: r.created_by,
    createdAt: r.created_at.toISOString(), startedAt: iso(r.started_at), finishedAt: iso(r.finished_at), expiresAt: r.expires_at.toISOString(),
  };
}

export function toSessionAction(a: ActionRow): SessionAction {
  return {
    id: a.id, sessionId: a.session_id, type: a.type, upgrade: a.upgrade, software: a.software_slug, softwareName: a.software_name, version: a.version,
    status: a.status, exitCode: a.exit_code, output: a.output, outputTruncated: a.output_truncated, timeoutSeconds: a.timeout_seconds,
    createdAt: a.created_at.toISOString(), startedAt: iso(a.started_at), finishedAt: iso(a.finished_at),
  };
}

export function toSessionDetail(r: SessionRow, actions: ActionRow[]): SessionDetail {
  return { ...toSessionSummary(r), plan: r.plan, actions: actions.map(toSessionAction) };
}
