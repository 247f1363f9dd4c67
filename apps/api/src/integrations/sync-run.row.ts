import type { SyncCounts, SyncDrop, SyncRun, SyncRunStatus, SyncTrigger } from '@entitle/domain';

/** A `sync_runs` row as node-postgres returns it. */
export interface SyncRunRow {
  id: string;
  integration_id: string;
  trigger: SyncTrigger;
  status: SyncRunStatus;
  started_at: Date;
  finished_at: Date | null;
  counts: SyncCounts | null;
  halo_requests: number | null;
  source: 'report' | 'rest' | null;
  error: string | null;
  drop: SyncDrop | null;
  decided_at: Date | null;
  decided_by: string | null;
}

export function toSyncRun(r: SyncRunRow): SyncRun {
  return {
    id: r.id,
    integrationId: r.integration_id,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    counts: r.counts,
    haloRequests: r.halo_requests,
    source: r.source,
    error: r.error,
    drop: r.drop,
    decidedAt: r.decided_at?.toISOString() ?? null,
    decidedBy: r.decided_by,
  };
}
