import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, QueryRunner } from 'typeorm';
import { HaloError } from '@entitle/halo-client';
import type { HaloSnapshot } from '@entitle/rules';
import type { SyncDrop, SyncRun, SyncTrigger } from '@entitle/domain';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AppException, ErrorCode } from '../common/app.exception';
import { countsOf, fetchSnapshot, SnapshotData } from './halo-snapshot';
import { IntegrationRow, IntegrationsService } from './integrations.service';
import { linkLockKey } from './link-lock';
import { droppedFrom, readForRules, replaceSnapshot } from './snapshot-store';
import { SyncRunRow, toSyncRun } from './sync-run.row';

const ABANDONED = 'the API process running this sync stopped before it finished; nothing was changed';


export interface StartedSync {
  run: SyncRun;
  /** Settles when the run has ended (never rejects: failures are recorded on the run). */
  done: Promise<SyncRun>;
}

/**
 * Reads a link's Halo data into its snapshot tables. The snapshot changes only in one transaction at the very end,
 * so a Halo failure, a crash or a kill leaves the previous snapshot in force. A session advisory lock per link
 * (held on the run's own connection, freed by Postgres if the process dies) keeps one sync per link in the cluster
 * and tells a crashed run (`running`, lock free) from a live one.
 */
@Injectable()
export class HaloSyncService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(HaloSyncService.name);
  private readonly inFlight = new Set<Promise<SyncRun>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly integrations: IntegrationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** At boot, runs left `running` by a process that died are marked abandoned (their lock is free). */
  async onApplicationBootstrap(): Promise<void> {
    const rows = (await this.db.query(`SELECT DISTINCT integration_id FROM sync_runs WHERE status = 'running'`)) as { integration_id: string }[];
    for (const { integration_id } of rows) {
      await this.withLinkLock(integration_id, async () => undefined).catch((err: unknown) => {
        if (!(err instanceof AppException)) throw err; // a live process elsewhere holds it: its run is not abandoned
      });
    }
  }

  /** A graceful stop lets running syncs finish (main.ts bounds the wait); a kill leaves them to be marked abandoned. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.idle();
  }

  /** Waits for syncs this process started (tests, shutdown). */
  async idle(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }

  /** Starts a sync; 409 when one is already running for the link (in any process). */
  async start(integrationId: string, trigger: SyncTrigger): Promise<StartedSync> {
    const link = await this.integrations.load(integrationId);
    const runner = await this.lockLink(integrationId);
    let row: SyncRunRow;
    try {
      [row] = (await runner.query(`INSERT INTO sync_runs (integration_id, trigger, status) VALUES ($1, $2, 'running') RETURNING *`, [integrationId, trigger])) as [SyncRunRow];
    } catch (err) {
      await this.unlock(runner, integrationId);
      throw err;
    }
    const done = this.execute(runner, link, row.id).finally(() => this.unlock(runner, integrationId));
    this.inFlight.add(done);
    void done.finally(() => this.inFlight.delete(done));
    return { run: toSyncRun(row), done };
  }

  async runs(integrationId: string, limit: number): Promise<SyncRun[]> {
    await this.integrations.load(integrationId);
    const rows = (await this.db.query(`SELECT * FROM sync_runs WHERE integration_id = $1 ORDER BY started_at DESC, id LIMIT $2`, [integrationId, limit])) as SyncRunRow[];
    return rows.map(toSyncRun);
  }

  async run(integrationId: string, runId: string): Promise<SyncRun> {
    return toSyncRun(await this.loadRun(integrationId, runId));
  }

  /** Puts a held run's data in force, in one transaction. */
  async approve(integrationId: string, runId: string, by: string): Promise<SyncRun> {
    await this.integrations.load(integrationId);
    return this.withLinkLock(integrationId, async (runner) => {
      await this.heldRun(integrationId, runId);
      const [held] = (await runner.query(`SELECT payload FROM sync_held_payloads WHERE run_id = $1`, [runId])) as { payload: SnapshotData }[];
      if (!held) throw new AppException(ErrorCode.Conflict, `sync run ${runId} has no held data left to apply`);
      await runner.startTransaction();
      try {
        await replaceSnapshot(runner, integrationId, held.payload);
        await runner.query(`DELETE FROM sync_held_payloads WHERE run_id = $1`, [runId]);
        await runner.query(`UPDATE sync_runs SET status = 'approved', decided_at = now(), decided_by = $2 WHERE id = $1`, [runId, by]);
        await runner.commitTransaction();
      } catch (err) {
        await runner.rollbackTransaction();
        throw err;
      }
      this.logger.log(`sync run ${runId} of integration ${integrationId} approved by ${by}`);
      return this.run(integrationId, runId);
    });
  }

  /** Drops a held run's data; the snapshot in force stays. */
  async discard(integrationId: string, runId: string, by: string): Promise<SyncRun> {
    await this.integrations.load(integrationId);
    return this.withLinkLock(integrationId, async (runner) => {
      await this.heldRun(integrationId, runId);
      await runner.query(`DELETE FROM sync_held_payloads WHERE run_id = $1`, [runId]);
      await runner.query(`UPDATE sync_runs SET status = 'discarded', decided_at = now(), decided_by = $2 WHERE id = $1`, [runId, by]);
      return this.run(integrationId, runId);
    });
  }

  /** The snapshot in force, as `@entitle/rules` takes it (`ResolutionInput.halo`). */
  async snapshotForRules(integrationId: string): Promise<HaloSnapshot> {
    await this.integrations.load(integrationId);
    return readForRules(this.db.manager, integrationId);
  }

  private async execute(runner: QueryRunner, link: IntegrationRow, runId: string): Promise<SyncRun> {
    const started = Date.now();
    let halo;
    try {
      halo = this.integrations.haloClient(link);
      const { data, source } = await fetchSnapshot(halo);
      const counts = countsOf(data);
      const hasGood = ((await runner.query(`SELECT 1 FROM sync_runs WHERE integration_id = $1 AND status IN ('succeeded', 'approved') LIMIT 1`, [link.id])) as unknown[]).length > 0;
      const drop = hasGood ? await this.dropOf(runner, link.id, data) : null;
      const hold = drop !== null && (drop.contracts.share > drop.threshold || drop.recurringLines.share > drop.threshold);
      await runner.startTransaction();
      // A newer sync supersedes any run still waiting for a decision.
      await runner.query(
        `UPDATE sync_runs SET status = 'discarded', decided_at = now(), decided_by = 'superseded by a later sync' WHERE integration_id = $1 AND status = 'held' AND id <> $2`,
        [link.id, runId],
      );
      await runner.query(`DELETE FROM sync_held_payloads p USING sync_runs r WHERE p.run_id = r.id AND r.integration_id = $1 AND r.id <> $2`, [link.id, runId]);
      if (hold) await runner.query(`INSERT INTO sync_held_payloads (run_id, payload) VALUES ($1, $2)`, [runId, JSON.stringify(data)]);
      else await replaceSnapshot(runner, link.id, data);
      await runner.query(
        `UPDATE sync_runs SET status = $2, finished_at = now(), counts = $3, halo_requests = $4, source = $5, drop = $6 WHERE id = $1`,
        [runId, hold ? 'held' : 'succeeded', JSON.stringify(counts), halo.requestsUsed, source, drop ? JSON.stringify(drop) : null],
      );
      await runner.commitTransaction();
      this.logger.log(`sync of integration ${link.id} ${hold ? 'held for approval' : 'succeeded'} in ${Date.now() - started} ms with ${halo.requestsUsed} Halo requests`);
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      const message = err instanceof HaloError ? `${err.code}: ${err.message}` : 'internal error while syncing; the request id and details are in the logs';
      if (!(err instanceof HaloError)) this.logger.error({ err, integrationId: link.id, runId }, 'sync failed');
      else this.logger.warn(`sync of integration ${link.id} failed: ${err.code}`);
      await runner
        .query(`UPDATE sync_runs SET status = 'failed', finished_at = now(), error = $2, halo_requests = $3 WHERE id = $1`, [runId, message, halo?.requestsUsed ?? 0])
        .catch((e: unknown) => this.logger.error({ err: e, runId }, 'could not record the failed sync'));
    }
    return this.run(link.id, runId);
  }

  private async dropOf(runner: QueryRunner, integrationId: string, data: SnapshotData): Promise<SyncDrop> {
    const d = await droppedFrom(runner, integrationId, data);
    const share = (x: { before: number; dropped: number }): number => (x.before === 0 ? 0 : x.dropped / x.before);
    return {
      contracts: { ...d.contracts, share: share(d.contracts) },
      recurringLines: { ...d.recurringLines, share: share(d.recurringLines) },
      threshold: this.config.syncDropThreshold,
    };
  }

  private async loadRun(integrationId: string, runId: string): Promise<SyncRunRow> {
    const [row] = (await this.db.query(`SELECT * FROM sync_runs WHERE id = $1 AND integration_id = $2`, [runId, integrationId])) as SyncRunRow[];
    if (!row) throw new AppException(ErrorCode.NotFound, `sync run ${runId} not found for integration ${integrationId}`);
    return row;
  }

  private async heldRun(integrationId: string, runId: string): Promise<void> {
    const run = await this.loadRun(integrationId, runId);
    if (run.status !== 'held') throw new AppException(ErrorCode.Conflict, `sync run ${runId} is ${run.status}, not held: only a held run can be approved or discarded`);
  }

  /**
   * Takes the link's lock on a connection of its own and marks runs left `running` as abandoned: holding the lock
   * proves no live process is running them.
   */
  private async lockLink(integrationId: string): Promise<QueryRunner> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      const [row] = (await runner.query(`SELECT pg_try_advisory_lock($1::bigint) AS locked`, [linkLockKey(integrationId)])) as { locked: boolean }[];
      if (!row?.locked) throw new AppException(ErrorCode.Conflict, `a sync is already running for integration ${integrationId}`);
    } catch (err) {
      await runner.release();
      throw err;
    }
    try {
      await runner.query(`UPDATE sync_runs SET status = 'abandoned', finished_at = now(), error = $2 WHERE integration_id = $1 AND status = 'running'`, [integrationId, ABANDONED]);
    } catch (err) {
      await this.unlock(runner, integrationId);
      throw err;
    }
    return runner;
  }

  private async unlock(runner: QueryRunner, integrationId: string): Promise<void> {
    try {
      await runner.query(`SELECT pg_advisory_unlock($1::bigint)`, [linkLockKey(integrationId)]);
    } finally {
      await runner.release();
    }
  }

  private async withLinkLock<T>(integrationId: string, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = await this.lockLink(integrationId);
    try {
      return await work(runner);
    } finally {
      await this.unlock(runner, integrationId);
    }
  }
}
