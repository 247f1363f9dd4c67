import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';

/**
 * Runs periodic work once per cluster: several API processes share one database, and only the one that takes the
 * Postgres advisory lock for a job runs it; the others skip that tick. The lock is transaction-scoped, so a crashed
 * process can never hold it.
 */
@Injectable()
export class ClusterLock {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Returns false (and runs nothing) when another process holds the lock for `job`. */
  async runExclusive(job: string, work: () => Promise<void>): Promise<boolean> {
    const key = createHash('sha256').update(`entitle:${job}`).digest().readBigInt64BE(0).toString();
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const [row] = (await runner.query('SELECT pg_try_advisory_xact_lock($1::bigint) AS locked', [key])) as { locked: boolean }[];
      if (!row?.locked) {
        await runner.rollbackTransaction();
        return false;
      }
      try {
        await work();
      } finally {
        await runner.commitTransaction();
      }
      return true;
    } finally {
      await runner.release();
    }
  }
}
