import type { SyncCounts, SyncRun, SyncRunStatus } from '@entitle/domain';

/** A run in one of these states will not change any more; polling stops. `held` waits for an admin, not for Halo. */
export const FINISHED_STATUSES: readonly SyncRunStatus[] = ['succeeded', 'failed', 'held', 'approved', 'discarded', 'abandoned'];

export function isFinished(run: Pick<SyncRun, 'status'>): boolean {
  return FINISHED_STATUSES.includes(run.status);
}

const STATUS_BADGES: Record<SyncRunStatus, string> = {
  running: 'badge-info',
  succeeded: 'badge-success',
  approved: 'badge-success',
  held: 'badge-warning',
  discarded: 'badge-warning',
  failed: 'badge-danger',
  abandoned: 'badge-danger',
};

export function statusBadge(status: SyncRunStatus): string {
  return STATUS_BADGES[status];
}

/** "30 clients · 52 sites · …", in the order an MSP reads them; null counts (a run that failed early) say so. */
export function describeCounts(counts: SyncCounts | null): string {
  if (!counts) return 'no data fetched';
  const parts: [number, string, string][] = [
    [counts.clients, 'client', 'clients'],
    [counts.sites, 'site', 'sites'],
    [counts.users, 'user', 'users'],
    [counts.contracts, 'contract', 'contracts'],
    [counts.recurringInvoices, 'recurring invoice', 'recurring invoices'],
    [counts.recurringLines, 'line', 'lines'],
    [counts.items, 'item', 'items'],
  ];
  return parts.map(([n, one, many]) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`).join(' · ');
}

/** Seconds between start and end (or now, for a running run), one decimal under a minute. */
export function describeDuration(run: Pick<SyncRun, 'startedAt' | 'finishedAt'>, now: number = Date.now()): string {
  const end = run.finishedAt ? Date.parse(run.finishedAt) : now;
  const seconds = Math.max(0, (end - Date.parse(run.startedAt)) / 1000);
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

/** The URL Halo's custom tab opens; Halo replaces `$FAULTID` with the ticket id (README "The technician tab"). */
export function technicianTabUrl(origin: string, integrationId: string): string {
  return `${origin.replace(/\/+$/, '')}/technician-pod/psa/${integrationId}/ticket/$FAULTID`;
}
