// The SQL baseline of the rules benchmark: the same winners (R1–R8) computed by Postgres over the same data.
// It computes winners and shadowed ids only (no reasons, no reconciliation), so it does less than the resolver.
import type { ResolutionInput } from '@entitle/rules';
import type { Client } from 'pg';

const SCHEMA = `
DROP TABLE IF EXISTS clients, contracts, invoices, lines, tenants, computers, deployments, deployment_types, deployment_items;
CREATE TABLE clients (id int PRIMARY KEY, inactive bool NOT NULL);
CREATE TABLE contracts (id int PRIMARY KEY, client_id int NOT NULL, site_id int, contracttype_name text, start_date timestamptz, end_date timestamptz, active bool NOT NULL, expired bool NOT NULL);
CREATE TABLE invoices (id int PRIMARY KEY, client_id int NOT NULL, site_id int, contract_id int, disabled bool NOT NULL, startdate timestamptz, enddate timestamptz);
CREATE TABLE lines (id int PRIMARY KEY, invoice_id int NOT NULL, item_id int, qty numeric NOT NULL, isinactive bool NOT NULL, startdate timestamptz, enddate timestamptz);
CREATE TABLE tenants (id text PRIMARY KEY, halo_client_id int);
CREATE TABLE computers (id text PRIMARY KEY, tenant_id text NOT NULL, halo_site_id int, kind text NOT NULL);
CREATE TABLE deployments (id text PRIMARY KEY, software text NOT NULL, kind text NOT NULL, tenant_id text, computer_id text, priority int NOT NULL, kinds text[], spec int NOT NULL);
CREATE TABLE deployment_types (deployment_id text NOT NULL, type_name text NOT NULL);
CREATE TABLE deployment_items (deployment_id text NOT NULL, item_id int NOT NULL);
CREATE INDEX ON contracts (client_id); CREATE INDEX ON invoices (client_id); CREATE INDEX ON lines (invoice_id);
CREATE INDEX ON tenants (halo_client_id); CREATE INDEX ON computers (tenant_id); CREATE INDEX ON deployments (kind);
`;

// R1 in SQL: before 1901 is "no date", 2099 or later is "unlimited", calendar days in UTC, both ends inclusive.
const startOk = (col: string): string => `(${col} IS NULL OR ${col} < '1901-01-01' OR (${col} AT TIME ZONE 'UTC')::date <= $1::date)`;
const endOk = (col: string): string => `(${col} IS NULL OR ${col} < '1901-01-01' OR ${col} >= '2099-01-01' OR $1::date <= (${col} AT TIME ZONE 'UTC')::date)`;
const norm = (col: string): string => `lower(regexp_replace(btrim(${col}), '\\s+', ' ', 'g'))`;
const scope = (col: string): string => `(CASE WHEN ${col} > 0 THEN ${col} ELSE 0 END)`;

/** The winners query; `$1` is asOf, `$2` a Halo client id to restrict to its computers (or null for all). */
export const WINNERS_SQL = `
WITH
cl AS (SELECT id FROM clients WHERE NOT inactive),
k AS (SELECT c.* FROM contracts c JOIN cl ON cl.id = c.client_id
      WHERE c.active AND NOT c.expired AND ${startOk('c.start_date')} AND ${endOk('c.end_date')}),
kt AS (SELECT client_id, ${scope('site_id')} AS scope, ${norm('contracttype_name')} AS t FROM k WHERE contracttype_name IS NOT NULL),
inv AS (SELECT i.id, i.client_id, CASE WHEN i.contract_id > 0 THEN ${scope('k.site_id')} ELSE ${scope('i.site_id')} END AS scope
        FROM invoices i JOIN cl ON cl.id = i.client_id
        LEFT JOIN k ON k.id = i.contract_id AND k.client_id = i.client_id
        WHERE NOT i.disabled AND ${startOk('i.startdate')} AND ${endOk('i.enddate')} AND (coalesce(i.contract_id, 0) <= 0 OR k.id IS NOT NULL)),
li AS (SELECT inv.client_id, inv.scope, l.item_id FROM lines l JOIN inv ON inv.id = l.invoice_id
       WHERE NOT l.isinactive AND l.qty > 0 AND l.item_id IS NOT NULL AND ${startOk('l.startdate')} AND ${endOk('l.enddate')}),
cp AS (SELECT c.id, c.tenant_id, coalesce(c.halo_site_id, 0) AS site, c.kind, t.halo_client_id
       FROM computers c JOIN tenants t ON t.id = c.tenant_id WHERE $2::int IS NULL OR t.halo_client_id = $2::int),
cand AS (
  SELECT cp.id AS computer_id, cp.kind, d.id AS dep_id FROM cp CROSS JOIN deployments d WHERE d.kind = 'all'
  UNION ALL SELECT cp.id, cp.kind, d.id FROM cp JOIN deployments d ON d.kind = 'tenant' AND d.tenant_id = cp.tenant_id
  UNION ALL SELECT cp.id, cp.kind, d.id FROM cp JOIN deployments d ON d.kind = 'computer' AND d.computer_id = cp.id
  UNION ALL SELECT * FROM (
    SELECT cp.id, cp.kind, dt.deployment_id FROM cp
      JOIN cl ON cl.id = cp.halo_client_id
      JOIN kt ON kt.client_id = cp.halo_client_id AND (kt.scope = 0 OR kt.scope = cp.site)
      JOIN deployment_types dt ON dt.type_name = kt.t
    UNION
    SELECT cp.id, cp.kind, di.deployment_id FROM cp
      JOIN li ON li.client_id = cp.halo_client_id AND (li.scope = 0 OR li.scope = cp.site)
      JOIN deployment_items di ON di.item_id = li.item_id
  ) billing
),
ranked AS (
  SELECT c.computer_id, d.software, d.id,
         row_number() OVER (PARTITION BY c.computer_id, d.software ORDER BY d.spec DESC, d.priority, d.id COLLATE "C") AS rn
  FROM cand c JOIN deployments d ON d.id = c.dep_id
  WHERE d.kinds IS NULL OR c.kind = ANY (d.kinds)
)
SELECT computer_id, software, max(id) FILTER (WHERE rn = 1) AS winner,
       coalesce(array_agg(id ORDER BY id COLLATE "C") FILTER (WHERE rn > 1), '{}') AS shadowed
FROM ranked GROUP BY computer_id, software`;

const SPEC = { computer: 3, tenant: 2, contractType: 1, recurringItem: 1, all: 0 } as const;

async function insert(db: Client, table: string, types: string[], columns: unknown[][]): Promise<void> {
  const rows = columns[0]?.length ?? 0;
  const chunk = 50_000;
  for (let i = 0; i < rows; i += chunk) {
    const params = columns.map((col) => col.slice(i, i + chunk));
    const list = types.map((t, j) => `$${j + 1}::${t}[]`).join(', ');
    await db.query(`INSERT INTO ${table} SELECT * FROM unnest(${list})`, params);
  }
}

/** Creates the tables and loads the same (validated) input the resolver sees. */
export async function loadSqlBaseline(db: Client, input: ResolutionInput): Promise<void> {
  await db.query(`SET TIME ZONE 'UTC'; SET work_mem = '256MB';`);
  await db.query(SCHEMA);
  const h = input.halo;
  await insert(db, 'clients', ['int', 'bool'], [h.clients.map((c) => c.id), h.clients.map((c) => c.inactive)]);
  await insert(db, 'contracts', ['int', 'int', 'int', 'text', 'timestamptz', 'timestamptz', 'bool', 'bool'], [
    h.contracts.map((c) => c.id), h.contracts.map((c) => c.client_id), h.contracts.map((c) => c.site_id), h.contracts.map((c) => c.contracttype_name),
    h.contracts.map((c) => c.start_date), h.contracts.map((c) => c.end_date), h.contracts.map((c) => c.active), h.contracts.map((c) => c.expired),
  ]);
  const inv = h.recurringInvoices;
  await insert(db, 'invoices', ['int', 'int', 'int', 'int', 'bool', 'timestamptz', 'timestamptz'], [
    inv.map((i) => i.id), inv.map((i) => i.client_id), inv.map((i) => i.site_id), inv.map((i) => i.contract_id), inv.map((i) => i.disabled), inv.map((i) => i.startdate), inv.map((i) => i.enddate),
  ]);
  const lines = inv.flatMap((i) => i.lines.map((l) => ({ ...l, invoice: i.id })));
  await insert(db, 'lines', ['int', 'int', 'int', 'numeric', 'bool', 'timestamptz', 'timestamptz'], [
    lines.map((l) => l.id), lines.map((l) => l.invoice), lines.map((l) => l._itemid), lines.map((l) => l.qty_order), lines.map((l) => l.isinactive), lines.map((l) => l.startdate), lines.map((l) => l.enddate),
  ]);
  await insert(db, 'tenants', ['text', 'int'], [input.tenants.map((t) => t.id), input.tenants.map((t) => t.haloClientId)]);
  const cs = input.computers;
  await insert(db, 'computers', ['text', 'text', 'int', 'text'], [cs.map((c) => c.id), cs.map((c) => c.tenantId), cs.map((c) => c.haloSiteId), cs.map((c) => c.kind)]);
  const ds = input.deployments;
  // text[] columns cannot go through unnest of a 2-D array; deployments are few, insert them one by one.
  for (const d of ds) {
    await db.query('INSERT INTO deployments VALUES ($1, $2, $3, $4, $5, $6, $7, $8)', [
      d.id, d.software, d.target.kind, d.target.kind === 'tenant' ? d.target.tenantId : null, d.target.kind === 'computer' ? d.target.computerId : null,
      d.priority, d.computerKinds, SPEC[d.target.kind],
    ]);
    if (d.target.kind === 'contractType') for (const t of d.target.contractTypes) await db.query(`INSERT INTO deployment_types VALUES ($1, ${norm('$2::text')})`, [d.id, t]);
    if (d.target.kind === 'recurringItem') for (const it of new Set(d.target.itemIds)) await db.query('INSERT INTO deployment_items VALUES ($1, $2)', [d.id, it]);
  }
  await db.query('ANALYZE');
}

export interface SqlWinner { computer_id: string; software: string; winner: string; shadowed: string[] }
