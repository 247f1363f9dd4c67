import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { HaloValue, NO_DATE, ResourceKey } from './model';
import { HaloStore } from './store';

type Cell = string | number | null;
type ColumnType = 'int' | 'float' | 'text' | 'bit' | 'date';

interface TableDef {
  name: string;
  /** Column names with Halo's casing (halo-api.md §5.3); Postgres folds unquoted identifiers, so any casing works. */
  columns: [string, ColumnType][];
  source: ResourceKey | 'lookups';
  rows(store: HaloStore): Cell[][];
}

const bit = (value: HaloValue | undefined): number => (value === true ? 1 : 0);
const num = (value: HaloValue | undefined): number | null => (typeof value === 'number' ? value : null);
const str = (value: HaloValue | undefined): string | null => (typeof value === 'string' ? value : null);
/** Halo stores its "no date" as 1900-01-01 in the column too, so the sentinel survives into SQL. */
const date = (value: HaloValue | undefined): string | null => (typeof value === 'string' && value !== '' ? value.replace(/Z$/, '') : null);

const TABLES: TableDef[] = [
  {
    name: 'AREA', source: 'clients',
    columns: [['Aarea', 'int'], ['aareadesc', 'text'], ['AIsInactive', 'bit'], ['Atreeid', 'int'], ['Aarearef', 'text'], ['aaccountsid', 'text'], ['acustomertype', 'int']],
    rows: (s) => s.all('clients').map((r) => [r.id, str(r.name), bit(r.inactive), num(r.toplevel_id), str(r.ref), str(r.accountsid), num(r.customertype)]),
  },
  {
    name: 'SITE', source: 'sites',
    columns: [['Ssitenum', 'int'], ['sdesc', 'text'], ['Sarea', 'float'], ['SIsInactive', 'bit'], ['SIsInvoiceSite', 'bit']],
    rows: (s) => s.all('sites').map((r) => [r.id, str(r.name), num(r.client_id), bit(r.inactive), bit(r.isinvoicesite)]),
  },
  {
    name: 'USERS', source: 'users',
    columns: [['Uid', 'int'], ['uusername', 'text'], ['uemail', 'text'], ['Usite', 'float'], ['uinactive', 'bit'], ['UAzureOID', 'text']],
    rows: (s) => s.all('users').map((r) => [r.id, str(r.name), str(r.emailaddress), num(r.site_id), bit(r.inactive), str(r.azureoid)]),
  },
  {
    name: 'CONTRACTHEADER', source: 'contracts',
    columns: [['CHid', 'int'], ['CHarea', 'int'], ['CHSite', 'int'], ['CHcontractRef', 'text'], ['CHstartdate', 'date'], ['CHenddate', 'date'],
      ['CHstatus', 'int'], ['chbillingdescription', 'int'], ['chtype', 'int'], ['chsubtype', 'int'], ['chactive', 'bit'], ['CHBillingPeriod', 'int'], ['chuserid', 'int']],
    rows: (s) => s.all('contracts').map((r) => [r.id, num(r.client_id), num(r.site_id), str(r.ref), date(r.start_date), date(r.end_date), num(r.status),
      num(r.billingdescription), num(r.contracttype), num(r.subtype), bit(r.active), num(r.billingperiod), num(r.user_id)]),
  },
  {
    name: 'INVOICEHEADER', source: 'invoices',
    columns: [['IHid', 'int'], ['IHaarea', 'int'], ['IHsitenumber', 'int'], ['IHchid', 'int'], ['IHreference', 'text'], ['IHnet', 'float']],
    rows: (s) => s.all('invoices').map((r) => [r.id, num(r.client_id), num(r.sitenumber), num(r.contract_id), str(r.reference), num(r.revenue)]),
  },
  {
    name: 'STDREQUEST', source: 'invoices',
    columns: [['StdInvoiceId', 'int'], ['stddisabled', 'bit'], ['STDNextCreationDate', 'date'], ['stdlastcreated', 'date'], ['StdPeriod', 'int'],
      ['stdstartdate', 'date'], ['stdenddate', 'date']],
    rows: (s) => s.all('invoices').map((r) => [r.id, bit(r.disabled), date(r.nextcreationdate), date(r.lastcreated), num(r.period), date(r.startdate), date(r.enddate)]),
  },
  {
    name: 'INVOICEDETAIL', source: 'invoices',
    columns: [['IDid', 'int'], ['IdIHid', 'int'], ['ID_ItemID', 'int'], ['IDItem_Code', 'text'], ['IDItem_ShortDescription', 'text'], ['IDQty_Order', 'float'],
      ['IDUnit_Price', 'float'], ['IDUnit_Cost', 'float'], ['IDNet_Amount', 'float'], ['idisInactive', 'bit'], ['IDRecurringInvoiceQuantityType', 'int'],
      ['IDStartDate', 'date'], ['IDEndDate', 'date']],
    rows: (s) => s.all('invoices').flatMap((inv) => s.linesOf(inv).map((l) => [l.id, inv.id, num(l._itemid), str(l.item_code), str(l.item_shortdescription),
      num(l.qty_order), num(l.unit_price), num(l.unit_cost), num(l.net_amount), bit(l.isinactive), num(l.recurring_invoice_quantity_type), date(l.startdate), date(l.enddate)])),
  },
  {
    name: 'ITEM', source: 'items',
    columns: [['Iid', 'int'], ['idesc', 'text'], ['Igeneric', 'int'], ['IIsRecurringItem', 'bit'], ['IRecurringPrice', 'float'], ['ICostPrice', 'float'], ['Iaccountsid', 'text']],
    rows: (s) => s.all('items').map((r) => [r.id, str(r.name), 1, bit(r.isrecurringitem), num(r.recurringprice), num(r.costprice), str(r.accountsid)]),
  },
  {
    name: 'DEVICE', source: 'assets',
    // ddevnum is Halo's legacy per-site device number; the simulator makes it equal to Did.
    columns: [['Did', 'int'], ['Dsite', 'int'], ['ddevnum', 'int'], ['dinvno', 'text'], ['Dtype', 'int'], ['dinactive', 'bit'], ['DitemId', 'int'], ['dcontractid', 'int']],
    rows: (s) => s.all('assets').map((r) => [r.id, num(r.site_id), r.id, str(r.inventory_number), num(r.assettype_id), bit(r.inactive), num(r.item_id), num(r.contract_id)]),
  },
  {
    name: 'XTYPE', source: 'assettypes',
    columns: [['TTypenum', 'int'], ['tdesc', 'text']],
    rows: (s) => s.all('assettypes').map((r) => [r.id, str(r.name)]),
  },
  {
    name: 'FAULTS', source: 'tickets',
    columns: [['Faultid', 'int'], ['Areaint', 'int'], ['sitenumber', 'int'], ['userid', 'int'], ['username', 'text'], ['Symptom', 'text'], ['symptom2', 'text'],
      ['Status', 'int'], ['RequestTypeNew', 'int'], ['dateoccured', 'date'], ['datecleared', 'date'], ['Assignedtoint', 'int'], ['FDeleted', 'bit'],
      ['FMergedIntoFaultid', 'int'], ['inventorynumber', 'text'], ['fcontractid', 'int']],
    rows: (s) => s.all('tickets').map((r) => [r.id, num(r.client_id), num(r.site_id), num(r.user_id), str(r.user_name), str(r.summary), str(r.details),
      num(r.status_id), num(r.tickettype_id), date(r.dateoccurred), r.hasbeenclosed === true ? date(r.lastactiondate) : NO_DATE, num(r.agent_id), 0, 0,
      str(r.inventory_number), num(r.contract_id) ?? 0]),
  },
  {
    name: 'FAULTDEVICE', source: 'tickets',
    columns: [['FDfaultid', 'int'], ['FDsiteid', 'int'], ['FDdevnum', 'int']],
    rows: (s) => s.all('tickets').flatMap((t) => (Array.isArray(t.assets) ? t.assets : []).flatMap((a) => {
      const asset = a && typeof a === 'object' && !Array.isArray(a) && typeof a.id === 'number' ? s.get('assets', a.id) : undefined;
      return asset ? [[t.id, num(asset.site_id), asset.id]] : [];
    })),
  },
  {
    name: 'LOOKUP', source: 'lookups',
    columns: [['fid', 'int'], ['fcode', 'int'], ['fvalue', 'text']],
    rows: (s) => s.data.lookups.map((l) => [l.fid, l.fcode, l.fvalue]),
  },
];

const SQL_TYPES: Record<ColumnType, string> = { int: 'integer', float: 'double precision', text: 'citext', bit: 'smallint', date: 'timestamp' };

function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  return `"${value.replace(/"/g, '""')}"`;
}

export interface ReportResult {
  columns: string[];
  rows: Record<string, string>[];
}

/** A report failure Halo answers with HTTP 200 and `report.load_error` (halo-api.md §5.2). */
export class ReportSqlError extends Error {}

interface WorkerReply {
  id: number;
  ok: boolean;
  result?: { fields: string[]; rows: string[][] } | null;
  error?: string;
}

/**
 * The Reporting API's database: Postgres in WASM (PGlite, in a worker thread) holding Halo's real table and
 * column names. A store mutation marks its tables dirty and the next report reloads them, so REST and SQL
 * never disagree.
 */
export class ReportDb {
  private worker: Worker | null = null;
  private starting: Promise<void> | null = null;
  private readonly dirty = new Set<string>(TABLES.map((t) => t.name));
  private queue: Promise<unknown> = Promise.resolve();
  private readonly canonical = new Map<string, string>();
  private readonly pending = new Map<number, { resolve: (r: WorkerReply['result']) => void; reject: (e: Error) => void }>();
  private nextId = 1;

  constructor(private readonly store: HaloStore) {
    for (const table of TABLES) {
      this.canonical.set(table.name.toLowerCase(), table.name);
      for (const [column] of table.columns) this.canonical.set(column.toLowerCase(), column);
    }
    store.onChange((resource) => {
      for (const table of TABLES) if (table.source === resource) this.dirty.add(table.name);
    });
  }

  private call(message: Record<string, unknown>): Promise<WorkerReply['result']> {
    const worker = this.worker;
    if (worker === null) return Promise.reject(new ReportSqlError('the report database is not running'));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...message, id });
    });
  }

  start(): Promise<void> {
    if (this.starting === null) {
      const worker = new Worker(join(__dirname, 'report-worker.cjs'));
      worker.on('message', (reply: WorkerReply) => {
        const waiter = this.pending.get(reply.id);
        if (!waiter) return;
        this.pending.delete(reply.id);
        if (reply.ok) waiter.resolve(reply.result ?? null);
        else waiter.reject(new ReportSqlError(reply.error ?? 'report failed'));
      });
      worker.on('error', (error) => {
        for (const waiter of this.pending.values()) waiter.reject(error);
        this.pending.clear();
      });
      // The worker must not keep a CLI or a test process alive on its own.
      worker.unref();
      this.worker = worker;
      const ddl = TABLES.map((t) => `CREATE TABLE ${t.name} (${t.columns.map(([c, type]) => `${c} ${SQL_TYPES[type]}`).join(', ')})`);
      this.starting = this.call({ type: 'start', ddl }).then(() => undefined);
    }
    return this.starting;
  }

  async close(): Promise<void> {
    if (this.worker === null) return;
    await this.starting?.catch(() => undefined);
    await this.call({ type: 'close' }).catch(() => undefined);
    await this.worker.terminate();
    this.worker = null;
  }

  /** Runs one report; one at a time, like a single SQL connection. */
  run(sql: string): Promise<ReportResult> {
    const next = this.queue.then(() => this.runNow(sql));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(sql: string): Promise<ReportResult> {
    const translated = translateTsql(sql);
    await this.start();
    await this.reloadDirty();
    const result = await this.call({ type: 'query', sql: translated });
    const fields = result?.fields ?? [];
    const columns = fields.map((f) => this.outputName(f, sql));
    const rows = (result?.rows ?? []).map((row) => {
      const out: Record<string, string> = {};
      columns.forEach((column, i) => {
        out[column] = row[i];
      });
      return out;
    });
    return { columns, rows };
  }

  private async reloadDirty(): Promise<void> {
    for (const table of TABLES) {
      if (!this.dirty.has(table.name)) continue;
      this.dirty.delete(table.name);
      const csv = table.rows(this.store).map((r) => r.map(csvCell).join(',')).join('\n');
      await this.call({ type: 'load', table: table.name, csv });
    }
  }

  /** Postgres lowercases unquoted names; SQL Server keeps the casing written in the query, so restore it. */
  private outputName(name: string, sql: string): string {
    if (name !== name.toLowerCase()) return name;
    const written = new RegExp(`(?<![A-Za-z0-9_])(${name.replace(/[^a-z0-9_]/g, '')})(?![A-Za-z0-9_])`, 'i').exec(sql);
    if (written) return written[1];
    return this.canonical.get(name) ?? name;
  }
}

/** Refuses what Halo's report runner refuses, then rewrites the T-SQL idioms integrations use into Postgres. */
export function translateTsql(sql: string): string {
  const masked = sql.replace(/'(?:[^']|'')*'/g, (m) => ' '.repeat(m.length));
  if (masked.includes(';')) throw new ReportSqlError("Incorrect syntax near ';'.");
  if (masked.includes('--')) throw new ReportSqlError("Incorrect syntax near '--': line comments are not allowed in reports.");
  if (!/^\s*(\/\*[\s\S]*?\*\/\s*)*select\b/i.test(masked)) throw new ReportSqlError('Only a SELECT statement can be run as a report.');
  let out = sql
    .replace(/\bN'/g, "'")
    .replace(/\bisnull\s*\(/gi, 'coalesce(')
    .replace(/\b(getdate|getutcdate|sysdatetime)\s*\(\s*\)/gi, 'localtimestamp')
    .replace(/\blen\s*\(/gi, 'length(')
    .replace(/\bdbo\./gi, '')
    .replace(/\bnvarchar\s*\(\s*max\s*\)|\bn?varchar\s*\(\s*\d+\s*\)|\bnvarchar\b/gi, 'text')
    .replace(/\bdatetime\b/gi, 'timestamp')
    .replace(/\[([^\]]+)\]/g, (_m, name: string) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `"${name}"`));
  const top = /^(\s*select\s+(?:distinct\s+)?)top\s*\(?\s*(\d+)\s*\)?/i.exec(out);
  if (top) out = `${top[1]}${out.slice(top[0].length)} LIMIT ${top[2]}`;
  return out;
}
