import type { ActionStatus, PlannedChange, SessionPhase, SessionStatus, SessionTrigger } from '@entitle/domain';

/** A session in one of these states still changes: pages poll it. */
export const ACTIVE_STATUSES: readonly SessionStatus[] = ['pending', 'running'];

export function isActive(status: SessionStatus): boolean {
  return ACTIVE_STATUSES.includes(status);
}

const BADGES: Record<SessionStatus | ActionStatus, string> = {
  pending: 'badge-neutral',
  running: 'badge-info',
  succeeded: 'badge-success',
  failed: 'badge-danger',
  timed_out: 'badge-danger',
  expired: 'badge-warning',
  cancelled: 'badge-warning',
};

export function statusBadge(status: SessionStatus | ActionStatus): string {
  return BADGES[status];
}

/** `timed_out` → "timed out". */
export function statusLabel(status: SessionStatus | ActionStatus): string {
  return status.replace('_', ' ');
}

export const TRIGGER_LABELS: Record<SessionTrigger, string> = {
  manual: 'by hand',
  schedule: 'schedule',
  enrollment: 'enrollment',
  deployment: 'deployment',
};

/** How a session page says who started it: "started by hand". */
export const TRIGGER_SENTENCES: Record<SessionTrigger, string> = {
  manual: 'started by hand',
  schedule: 'started by the tenant’s schedule',
  enrollment: 'started when the computer enrolled',
  deployment: 'started for a deployment',
};

/** The steps of a session in order, as the progress line shows them. */
export const PHASES: readonly { id: SessionPhase; label: string }[] = [
  { id: 'waiting', label: 'Waiting for the computer' },
  { id: 'detecting', label: 'Detecting' },
  { id: 'executing', label: 'Installing and removing' },
  { id: 'verifying', label: 'Verifying' },
  { id: 'done', label: 'Done' },
];

export const CHANGE_LABELS: Record<PlannedChange, string> = {
  install: 'install',
  upgrade: 'upgrade',
  uninstall: 'uninstall',
  nothing: 'nothing to do',
};

/** "2.3 s", "4 min 5 s"; empty until both ends are known. */
export function describeDuration(startedAt: string | null, finishedAt: string | null): string {
  if (!startedAt || !finishedAt) return '';
  const seconds = Math.max(0, (Date.parse(finishedAt) - Date.parse(startedAt)) / 1000);
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
