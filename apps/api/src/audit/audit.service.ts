import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { AuditEntry, AuditPage } from '@entitle/domain';
import { AuditEntryEntity } from './audit-entry.entity';

export type NewAuditEntry = Omit<AuditEntryEntity, 'id' | 'at'>;

export interface AuditQuery {
  limit: number;
  before?: string;
  action?: string;
  actorId?: string;
}

@Injectable()
export class AuditService {
  private readonly logger = new Logger(AuditService.name);
  private readonly pending = new Set<Promise<void>>();

  constructor(@InjectRepository(AuditEntryEntity) private readonly entries: Repository<AuditEntryEntity>) {}

  /** Written after the response has gone out; list() waits for writes still in flight so a reader sees its own actions. */
  record(entry: NewAuditEntry): void {
    const write = this.entries
      .insert(entry as QueryDeepPartialEntity<AuditEntryEntity>)
      .then(() => undefined)
      .catch((err: unknown) => this.logger.error({ err, action: entry.action }, 'could not write the audit entry'))
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
  }

  async flush(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  async list(q: AuditQuery): Promise<AuditPage> {
    await this.flush();
    const qb = this.entries.createQueryBuilder('a').orderBy('a.id', 'DESC').limit(q.limit + 1);
    if (q.before) qb.andWhere('a.id < :before', { before: q.before });
    if (q.action) qb.andWhere('a.action ILIKE :action', { action: `%${q.action.replace(/[%_\\]/g, (c) => `\\${c}`)}%` });
    if (q.actorId) qb.andWhere('a.actor_id = :actorId', { actorId: q.actorId });
    const rows = await qb.getMany();
    const page = rows.slice(0, q.limit);
    return {
      items: page.map(toAuditEntry),
      nextBefore: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
    };
  }
}

function toAuditEntry(r: AuditEntryEntity): AuditEntry {
  const entry: AuditEntry = {
    id: r.id,
    at: r.at.toISOString(),
    actor: r.actorId && r.actorEmail ? { id: r.actorId, email: r.actorEmail } : null,
    action: r.action,
    method: r.method,
    path: r.path,
    status: r.status,
    ip: r.ip,
    userAgent: r.userAgent,
    requestId: r.requestId,
  };
  if (r.details) entry.details = r.details;
  return entry;
}
