import type { EntityManager } from 'typeorm';
import type { HaloSnapshot } from '@entitle/rules';
import type { SnapshotData } from './halo-snapshot';

type Query = Pick<EntityManager, 'query'>;

const pick = <T, K extends keyof T>(rows: readonly T[], key: K): T[K][] => rows.map((r) => r[key]);

/**
 * Replaces a link's snapshot with `data`. Runs inside the caller's transaction: one multi-row INSERT per table
 * (`unnest` of column arrays), so 2,000 clients and their 20,000 lines are a handful of statements.
 * Clients are upserted, not replaced: one that Halo no longer returns keeps its row (and its tenant mapping)
 * with `missing_since` set.
 */
export async function replaceSnapshot(m: Query, integrationId: string, data: SnapshotData): Promise<void> {
  const ids = pick(data.clients, 'id');
  await m.query(`UPDATE halo_clients SET missing_since = coalesce(missing_since, now()) WHERE integration_id = $1 AND NOT (id = ANY($2::int[]))`, [integrationId, ids]);
  await m.query(
    `INSERT INTO halo_clients (integration_id, id, name, inactive, missing_since)
     SELECT $1, t.* , NULL::timestamptz FROM unnest($2::int[], $3::text[], $4::bool[]) AS t
     ON CONFLICT (integration_id, id) DO UPDATE SET name = excluded.name, inactive = excluded.inactive, missing_since = NULL`,
    [integrationId, ids, pick(data.clients, 'name'), pick(data.clients, 'inactive')],
  );
  for (const table of ['halo_sites', 'halo_users', 'halo_contracts', 'halo_recurring_invoices', 'halo_recurring_lines', 'halo_items']) {
    await m.query(`DELETE FROM ${table} WHERE integration_id = $1`, [integrationId]);
  }
  const s = data.sites;
  await m.query(`INSERT INTO halo_sites (integration_id, id, client_id, name, inactive) SELECT $1, t.* FROM unnest($2::int[], $3::int[], $4::text[], $5::bool[]) AS t`,
    [integrationId, pick(s, 'id'), pick(s, 'client_id'), pick(s, 'name'), pick(s, 'inactive')]);
  const u = data.users;
  await m.query(`INSERT INTO halo_users (integration_id, id, client_id, site_id, name, email, inactive) SELECT $1, t.* FROM unnest($2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::bool[]) AS t`,
    [integrationId, pick(u, 'id'), pick(u, 'client_id'), pick(u, 'site_id'), pick(u, 'name'), pick(u, 'email'), pick(u, 'inactive')]);
  const c = data.contracts;
  await m.query(
    `INSERT INTO halo_contracts (integration_id, id, client_id, site_id, ref, contracttype_name, start_date, end_date, active, expired)
     SELECT $1, t.* FROM unnest($2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::bool[], $10::bool[]) AS t`,
    [integrationId, pick(c, 'id'), pick(c, 'client_id'), pick(c, 'site_id'), pick(c, 'ref'), pick(c, 'contracttype_name'), pick(c, 'start_date'), pick(c, 'end_date'), pick(c, 'active'), pick(c, 'expired')],
  );
  const i = data.invoices;
  await m.query(
    `INSERT INTO halo_recurring_invoices (integration_id, id, client_id, site_id, contract_id, disabled, startdate, enddate)
     SELECT $1, t.* FROM unnest($2::int[], $3::int[], $4::int[], $5::int[], $6::bool[], $7::timestamptz[], $8::timestamptz[]) AS t`,
    [integrationId, pick(i, 'id'), pick(i, 'client_id'), pick(i, 'site_id'), pick(i, 'contract_id'), pick(i, 'disabled'), pick(i, 'startdate'), pick(i, 'enddate')],
  );
  const l = data.lines;
  await m.query(
    `INSERT INTO halo_recurring_lines (integration_id, id, invoice_id, item_id, item_code, item_shortdescription, qty_order, isinactive, startdate, enddate)
     SELECT $1, t.* FROM unnest($2::int[], $3::int[], $4::int[], $5::text[], $6::text[], $7::float8[], $8::bool[], $9::timestamptz[], $10::timestamptz[]) AS t`,
    [integrationId, pick(l, 'id'), pick(l, 'invoice_id'), pick(l, 'item_id'), pick(l, 'item_code'), pick(l, 'item_shortdescription'), pick(l, 'qty_order'), pick(l, 'isinactive'), pick(l, 'startdate'), pick(l, 'enddate')],
  );
  const it = data.items;
  await m.query(`INSERT INTO halo_items (integration_id, id, name) SELECT $1, t.* FROM unnest($2::int[], $3::text[]) AS t`, [integrationId, pick(it, 'id'), pick(it, 'name')]);
}

/** How many of the snapshot's contracts and lines the new data no longer has (by Halo id). */
export async function droppedFrom(m: Query, integrationId: string, data: SnapshotData): Promise<{ contracts: { before: number; dropped: number }; recurringLines: { before: number; dropped: number } }> {
  const count = async (table: string, ids: number[]): Promise<{ before: number; dropped: number }> => {
    const [row] = (await m.query(
      `SELECT count(*)::int AS before, count(*) FILTER (WHERE NOT (id = ANY($2::int[])))::int AS dropped FROM ${table} WHERE integration_id = $1`,
      [integrationId, ids],
    )) as { before: number; dropped: number }[];
    return row ?? { before: 0, dropped: 0 };
  };
  return { contracts: await count('halo_contracts', pick(data.contracts, 'id')), recurringLines: await count('halo_recurring_lines', pick(data.lines, 'id')) };
}

const iso = (d: Date | null): string | null => d?.toISOString() ?? null;

/** The snapshot in force, in the shape `@entitle/rules` takes as its `halo` input. Clients gone from Halo are left out. */
export async function readForRules(m: Query, integrationId: string): Promise<HaloSnapshot> {
  const clients = (await m.query(`SELECT id, name, inactive FROM halo_clients WHERE integration_id = $1 AND missing_since IS NULL ORDER BY id`, [integrationId])) as HaloSnapshot['clients'];
  const sites = (await m.query(`SELECT id, client_id, name FROM halo_sites WHERE integration_id = $1 ORDER BY id`, [integrationId])) as HaloSnapshot['sites'];
  const contracts = (await m.query(
    `SELECT id, client_id, site_id, ref, contracttype_name, start_date, end_date, active, expired FROM halo_contracts WHERE integration_id = $1 ORDER BY id`,
    [integrationId],
  )) as (Omit<HaloSnapshot['contracts'][number], 'start_date' | 'end_date'> & { start_date: Date | null; end_date: Date | null })[];
  const invoices = (await m.query(
    `SELECT id, client_id, site_id, contract_id, disabled, startdate, enddate FROM halo_recurring_invoices WHERE integration_id = $1 ORDER BY id DESC`,
    [integrationId],
  )) as { id: number; client_id: number; site_id: number | null; contract_id: number | null; disabled: boolean; startdate: Date | null; enddate: Date | null }[];
  const lines = (await m.query(
    `SELECT id, invoice_id, item_id, item_code, item_shortdescription, qty_order, isinactive, startdate, enddate FROM halo_recurring_lines WHERE integration_id = $1 ORDER BY id`,
    [integrationId],
  )) as { id: number; invoice_id: number; item_id: number | null; item_code: string | null; item_shortdescription: string | null; qty_order: number; isinactive: boolean; startdate: Date | null; enddate: Date | null }[];
  const items = (await m.query(`SELECT id, name FROM halo_items WHERE integration_id = $1 ORDER BY id`, [integrationId])) as HaloSnapshot['items'];

  const byInvoice = new Map<number, HaloSnapshot['recurringInvoices'][number]['lines']>();
  for (const l of lines) {
    const list = byInvoice.get(l.invoice_id) ?? [];
    list.push({ id: l.id, _itemid: l.item_id, item_code: l.item_code, item_shortdescription: l.item_shortdescription, qty_order: l.qty_order, isinactive: l.isinactive, startdate: iso(l.startdate), enddate: iso(l.enddate) });
    byInvoice.set(l.invoice_id, list);
  }
  return {
    clients,
    sites,
    contracts: contracts.map((c) => ({ ...c, start_date: iso(c.start_date), end_date: iso(c.end_date) })),
    recurringInvoices: invoices.map((i) => ({ ...i, startdate: iso(i.startdate), enddate: iso(i.enddate), lines: byInvoice.get(i.id) ?? [] })),
    items,
  };
}
