import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ContractTypeEntry, RecurringItemEntry } from '@entitle/domain';
import { IntegrationsService } from './integrations.service';

/**
 * targeting.md R1 in SQL: dates compare as UTC calendar days, a missing start or end is open and an end in 2099 or
 * later is unlimited (the snapshot already turned Halo's 1900 sentinel into NULL).
 */
const inForce = (start: string, end: string): string =>
  `(${start} IS NULL OR (${start} AT TIME ZONE 'UTC')::date <= (now() AT TIME ZONE 'UTC')::date)
   AND (${end} IS NULL OR (${end} AT TIME ZONE 'UTC')::date >= (now() AT TIME ZONE 'UTC')::date OR extract(year FROM ${end} AT TIME ZONE 'UTC') >= 2099)`;

/** R2 + R3: a contract in force belongs to a counting client, is active, not expired, and its dates cover today. */
const CONTRACT_IN_FORCE = `k.active AND NOT k.expired AND ${inForce('k.start_date', 'k.end_date')}
  AND EXISTS (SELECT 1 FROM halo_clients c WHERE c.integration_id = k.integration_id AND c.id = k.client_id AND NOT c.inactive AND c.missing_since IS NULL)`;

/** What admins can target, counted over the snapshot in force. */
@Injectable()
export class CatalogsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly integrations: IntegrationsService,
  ) {}

  /** Contract types by trimmed name (R5 compares them trimmed and case-insensitively, so variants group together). */
  async contractTypes(integrationId: string): Promise<ContractTypeEntry[]> {
    await this.integrations.load(integrationId);
    return (await this.db.query(
      `SELECT min(trim(k.contracttype_name)) AS name,
              (count(*) FILTER (WHERE ${CONTRACT_IN_FORCE}))::int AS "contractsInForce",
              (count(DISTINCT k.client_id) FILTER (WHERE ${CONTRACT_IN_FORCE}))::int AS clients,
              count(*)::int AS "contractsTotal"
       FROM halo_contracts k
       WHERE k.integration_id = $1 AND nullif(trim(k.contracttype_name), '') IS NOT NULL
       GROUP BY lower(trim(k.contracttype_name))
       ORDER BY 2 DESC, 1`,
      [integrationId],
    )) as ContractTypeEntry[];
  }

  /** Items on recurring-invoice lines; client count and quantity over the lines that count under R6. */
  async recurringItems(integrationId: string): Promise<RecurringItemEntry[]> {
    await this.integrations.load(integrationId);
    const counting = `NOT l.isinactive AND l.qty_order > 0 AND ${inForce('l.startdate', 'l.enddate')}
      AND NOT v.disabled AND ${inForce('v.startdate', 'v.enddate')}
      AND EXISTS (SELECT 1 FROM halo_clients c WHERE c.integration_id = v.integration_id AND c.id = v.client_id AND NOT c.inactive AND c.missing_since IS NULL)
      AND (v.contract_id IS NULL OR EXISTS (SELECT 1 FROM halo_contracts k WHERE k.integration_id = v.integration_id AND k.id = v.contract_id AND ${CONTRACT_IN_FORCE}))`;
    const rows = (await this.db.query(
      `SELECT l.item_id AS "itemId",
              coalesce(min(i.name), min(l.item_shortdescription), 'item ' || l.item_id) AS name,
              min(l.item_code) AS code,
              (count(DISTINCT v.client_id) FILTER (WHERE ${counting}))::int AS clients,
              coalesce(sum(l.qty_order) FILTER (WHERE ${counting}), 0)::float8 AS "totalQuantity",
              count(*)::int AS lines
       FROM halo_recurring_lines l
       JOIN halo_recurring_invoices v ON v.integration_id = l.integration_id AND v.id = l.invoice_id
       LEFT JOIN halo_items i ON i.integration_id = l.integration_id AND i.id = l.item_id
       WHERE l.integration_id = $1 AND l.item_id IS NOT NULL
       GROUP BY l.item_id
       ORDER BY 4 DESC, 2`,
      [integrationId],
    )) as RecurringItemEntry[];
    return rows;
  }
}
