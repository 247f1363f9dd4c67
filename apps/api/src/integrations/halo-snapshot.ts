import { HaloClient, HaloError, HaloErrorCode, ReportCell } from '@entitle/halo-client';
import type { SyncCounts } from '@entitle/domain';

/** What one sync reads from Halo, normalised; also the payload kept for a held sync. Dates are ISO UTC or null. */
export interface SnapshotData {
  clients: { id: number; name: string; inactive: boolean }[];
  sites: { id: number; client_id: number | null; name: string; inactive: boolean }[];
  users: { id: number; client_id: number | null; site_id: number | null; name: string; email: string | null; inactive: boolean }[];
  contracts: {
    id: number; client_id: number | null; site_id: number | null; ref: string | null; contracttype_name: string | null;
    start_date: string | null; end_date: string | null; active: boolean; expired: boolean;
  }[];
  invoices: { id: number; client_id: number | null; site_id: number | null; contract_id: number | null; disabled: boolean; startdate: string | null; enddate: string | null }[];
  lines: {
    id: number; invoice_id: number; item_id: number | null; item_code: string | null; item_shortdescription: string | null;
    qty_order: number; isinactive: boolean; startdate: string | null; enddate: string | null;
  }[];
  items: { id: number; name: string }[];
}

export interface FetchResult {
  data: SnapshotData;
  /** How recurring invoices and lines were read. */
  source: 'report' | 'rest';
  fallbackReason: string | null;
}

/** halo-api.md §5.2: "Result cap 50,000 rows"; a report that reaches it may be cut short. */
const REPORT_ROW_CAP = 50_000;

/**
 * Every recurring invoice (negative IHid, halo-api.md §4.5 and §5.3) with its schedule and lines, whether or not
 * it is bound to a contract (targeting.md R6 reads unbound invoices too, which the contracts-first report of the
 * client leaves out). Plain SELECT/LEFT JOIN only: no CTE, TOP, `;` or `--` (§5.2).
 */
export const RECURRING_LINES_SQL = [
  'SELECT ih.IHid AS invoice_id, ih.IHaarea AS client_id, ih.IHsitenumber AS site_id, ih.IHchid AS contract_id,',
  's.stddisabled AS disabled, s.stdstartdate AS startdate, s.stdenddate AS enddate,',
  'd.IDid AS line_id, d.ID_ItemID AS item_id, d.IDItem_Code AS item_code, d.IDItem_ShortDescription AS item_shortdescription,',
  'd.IDQty_Order AS qty_order, d.idisInactive AS isinactive, d.IDStartDate AS line_startdate, d.IDEndDate AS line_enddate',
  'FROM INVOICEHEADER ih',
  'LEFT JOIN STDREQUEST s ON s.StdInvoiceId = ih.IHid',
  'LEFT JOIN INVOICEDETAIL d ON d.IdIHid = ih.IHid',
  'WHERE ih.IHid < 0',
].join(' ');

/** Reads everything a snapshot holds. Throws HaloError on any Halo failure: the caller then changes nothing. */
export async function fetchSnapshot(halo: HaloClient): Promise<FetchResult> {
  const all = { includeInactive: true };
  const clients = await halo.listClients(all);
  const sites = await halo.listSites(all);
  const users = await halo.listUsers(all);
  // REST for contracts: the list carries Halo's own `expired` flag, which the SQL tables do not have.
  const contracts = await halo.listContracts(all);
  const items = await halo.listItems(all);
  const recurring = await readRecurring(halo);
  return {
    source: recurring.source,
    fallbackReason: recurring.fallbackReason,
    data: {
      clients: clients.map((c) => ({ id: c.id, name: c.name, inactive: c.inactive === true })),
      sites: sites.map((s) => ({ id: s.id, client_id: s.client_id, name: s.name, inactive: s.inactive === true })),
      users: users.map((u) => ({ id: u.id, client_id: u.client_id, site_id: u.site_id, name: u.name, email: u.emailaddress, inactive: u.inactive === true })),
      contracts: contracts.map((c) => ({
        id: c.id, client_id: c.client_id, site_id: positive(c.site_id), ref: c.ref, contracttype_name: c.contracttype_name,
        start_date: c.start_date, end_date: c.end_date, active: c.active !== false, expired: c.expired === true,
      })),
      invoices: recurring.invoices,
      lines: recurring.lines,
      items: items.map((i) => ({ id: i.id, name: i.name })),
    },
  };
}

export function countsOf(data: SnapshotData): SyncCounts {
  return {
    clients: data.clients.length, sites: data.sites.length, users: data.users.length, contracts: data.contracts.length,
    recurringInvoices: data.invoices.length, recurringLines: data.lines.length, items: data.items.length,
  };
}

interface Recurring {
  source: 'report' | 'rest';
  fallbackReason: string | null;
  invoices: SnapshotData['invoices'];
  lines: SnapshotData['lines'];
}

/** One report when the application may run reports (halo-api.md §3 moves bulk reads there), else the REST list with lines. */
async function readRecurring(halo: HaloClient): Promise<Recurring> {
  let fallbackReason: string;
  try {
    const { rows } = await halo.runReport(RECURRING_LINES_SQL);
    if (rows.length < REPORT_ROW_CAP) return { source: 'report', fallbackReason: null, ...fromReport(rows) };
    fallbackReason = `the report reached Halo's ${REPORT_ROW_CAP}-row cap`;
  } catch (error) {
    // No edit:reporting (403, or 404 for agents without reporting, §5.1), or this Halo cannot run the SQL.
    if (!(error instanceof HaloError) || ![HaloErrorCode.MissingPermission, HaloErrorCode.BadRequest].includes(error.code)) throw error;
    fallbackReason = error.message;
  }
  const invoices = await halo.listRecurringInvoices({ includeInactive: true, includeLines: true });
  return {
    source: 'rest',
    fallbackReason,
    invoices: invoices.map((i) => ({ id: i.id, client_id: i.client_id, site_id: positive(i.site_id), contract_id: positive(i.contract_id), disabled: i.disabled === true, startdate: i.startdate, enddate: i.enddate })),
    lines: invoices.flatMap((i) =>
      i.lines.map((l) => ({
        id: l.id, invoice_id: i.id, item_id: positive(l._itemid), item_code: l.item_code, item_shortdescription: l.item_shortdescription,
        qty_order: l.qty_order ?? 0, isinactive: l.isinactive === true, startdate: l.startdate, enddate: l.enddate,
      })),
    ),
  };
}

function fromReport(rows: Record<string, ReportCell>[]): Pick<Recurring, 'invoices' | 'lines'> {
  const invoices = new Map<number, SnapshotData['invoices'][number]>();
  const lines = new Map<number, SnapshotData['lines'][number]>();
  rows.forEach((row, index) => {
    const at = (column: string): string => `report.rows[${index}].${column}`;
    const invoiceId = cellInt(row['invoice_id'], at('invoice_id'));
    if (invoiceId === null) throw new HaloError(HaloErrorCode.MalformedResponse, `Halo's report row ${index} has no invoice id`, { field: at('invoice_id') });
    if (!invoices.has(invoiceId)) {
      invoices.set(invoiceId, {
        id: invoiceId,
        client_id: cellInt(row['client_id'], at('client_id')),
        site_id: positive(cellInt(row['site_id'], at('site_id'))),
        contract_id: positive(cellInt(row['contract_id'], at('contract_id'))),
        disabled: cellFlag(row['disabled']),
        startdate: cellDate(row['startdate'], at('startdate')),
        enddate: cellDate(row['enddate'], at('enddate')),
      });
    }
    const lineId = cellInt(row['line_id'], at('line_id'));
    if (lineId === null || lines.has(lineId)) return;
    lines.set(lineId, {
      id: lineId,
      invoice_id: invoiceId,
      item_id: positive(cellInt(row['item_id'], at('item_id'))),
      item_code: cellText(row['item_code']),
      item_shortdescription: cellText(row['item_shortdescription']),
      qty_order: cellNumber(row['qty_order'], at('qty_order')) ?? 0,
      isinactive: cellFlag(row['isinactive']),
      startdate: cellDate(row['line_startdate'], at('line_startdate')),
      enddate: cellDate(row['line_enddate'], at('line_enddate')),
    });
  });
  return { invoices: [...invoices.values()].sort((a, b) => b.id - a.id), lines: [...lines.values()].sort((a, b) => a.id - b.id) };
}

/** Halo writes 0 for "none" in id columns (no contract, no site; targeting.md R4 treats 0 and null alike). */
function positive(id: number | null): number | null {
  return id !== null && id > 0 ? id : null;
}

// Report cells are text (halo-api.md §5.2); the client turns canonical numbers into numbers and leaves the rest.
function cellNumber(cell: ReportCell | undefined, field: string): number | null {
  if (cell === null || cell === undefined || cell === '') return null;
  const n = typeof cell === 'number' ? cell : Number(cell);
  if (!Number.isFinite(n)) throw new HaloError(HaloErrorCode.MalformedResponse, `Halo sent a non-number in ${field}`, { field });
  return n;
}

function cellInt(cell: ReportCell | undefined, field: string): number | null {
  const n = cellNumber(cell, field);
  if (n !== null && !Number.isInteger(n)) throw new HaloError(HaloErrorCode.MalformedResponse, `Halo sent a fractional id in ${field}`, { field });
  return n;
}

function cellText(cell: ReportCell | undefined): string | null {
  return cell === null || cell === undefined || cell === '' ? null : String(cell);
}

/** Flags are 0/1 in SQL; absent means false, as Halo's defaults. */
function cellFlag(cell: ReportCell | undefined): boolean {
  return cell === 1 || cell === '1' || cell === 'true' || cell === 'True';
}

/** halo-api.md §2.7 / §7.8: zone-less datetimes are UTC and the 1900 sentinel (anything before 1901) means no date. */
function cellDate(cell: ReportCell | undefined, field: string): string | null {
  const text = cellText(cell);
  if (text === null) return null;
  let iso = text.trim().replace(' ', 'T');
  if (/^\d{4}-\d\d-\d\d$/.test(iso)) iso += 'T00:00:00';
  if (!/(Z|[+-]\d\d:?\d\d)$/.test(iso)) iso += 'Z';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) throw new HaloError(HaloErrorCode.MalformedResponse, `Halo sent a non-date in ${field}`, { field });
  return time < Date.UTC(1901, 0, 1) ? null : new Date(time).toISOString();
}
