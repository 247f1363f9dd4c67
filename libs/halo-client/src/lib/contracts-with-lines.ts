import { HaloContract, HaloInvoiceLine, HaloItem, HaloRecurringInvoice } from './halo-types';
import { bool, date, id, int, num, parseRecord, RecordSpec, str } from './normalise';

/** A recurring-invoice line with the name of the Item it bills (`_itemid` → Item). */
export interface HaloContractLine extends HaloInvoiceLine {
  item_name: string | null;
}

/** A recurring invoice attached to a contract, with its lines. */
export interface HaloContractInvoice {
  id: number;
  client_id: number | null;
  site_id: number | null;
  disabled: boolean | null;
  startdate: string | null;
  enddate: string | null;
  lines: HaloContractLine[];
}

/**
 * A contract with its recurring invoices and their lines: what contract-type and recurring-item targeting
 * read (targeting.md R3–R6). `expired` is left out because the SQL tables have no such column (the dates
 * carry the same information), and `billing_description_string` because REST list rows do not carry it
 * (full model only, halo-api.md §4.4), so both paths return the same fields.
 */
export type HaloContractWithLines = Omit<HaloContract, 'expired' | 'billing_description_string'> & { recurringInvoices: HaloContractInvoice[] };

export interface ContractsWithLinesResult {
  /** `report`: one Reporting API query; `rest`: the ClientContract, RecurringInvoice and Item lists. */
  source: 'report' | 'rest';
  /** Why the report could not be used, when `source` is `rest`. */
  fallbackReason: string | null;
  contracts: HaloContractWithLines[];
}

/** halo-api.md §5.2: "Result cap 50,000 rows". A report that returns this many may be cut short. */
export const REPORT_ROW_CAP = 50_000;

/**
 * One row per contract × recurring invoice × line (LEFT JOINs keep contracts without invoices and invoices
 * without lines). Real Halo tables and columns from halo-api.md §5.3; recurring templates are INVOICEHEADER
 * rows with IHid < 0 (§4.5). Plain SELECT/JOIN only: reports run inside a derived table, so no CTE, TOP or
 * window function (§5.2), and no `;` or `--`. `contracttype_name` is read as the lookup-28 label ("billing
 * description/contract type", §5.3) of `chtype`; which code column Halo's REST name comes from is an open
 * question (halo-api.md §9).
 */
export const CONTRACTS_WITH_LINES_SQL = [
  'SELECT ch.CHid AS contract_id, ch.CHarea AS client_id, ch.CHSite AS site_id, ch.CHcontractRef AS ref,',
  'ch.CHstartdate AS start_date, ch.CHenddate AS end_date, ch.chactive AS active, ch.CHstatus AS status,',
  'ch.chtype AS contracttype, ct.fvalue AS contracttype_name,',
  'ch.chbillingdescription AS billingdescription,',
  'ih.IHid AS invoice_id, ih.IHaarea AS invoice_client_id, ih.IHsitenumber AS invoice_site_id,',
  's.stddisabled AS invoice_disabled, s.stdstartdate AS invoice_startdate, s.stdenddate AS invoice_enddate,',
  'd.IDid AS line_id, d.ID_ItemID AS line_itemid, d.IDItem_Code AS line_item_code,',
  'd.IDItem_ShortDescription AS line_item_shortdescription, d.IDQty_Order AS line_qty_order,',
  'd.idisInactive AS line_isinactive, d.IDStartDate AS line_startdate, d.IDEndDate AS line_enddate,',
  'i.idesc AS line_item_name',
  'FROM CONTRACTHEADER ch',
  'LEFT JOIN LOOKUP ct ON ct.fid = 28 AND ct.fcode = ch.chtype',
  'LEFT JOIN INVOICEHEADER ih ON ih.IHchid = ch.CHid AND ih.IHid < 0',
  'LEFT JOIN STDREQUEST s ON s.StdInvoiceId = ih.IHid',
  'LEFT JOIN INVOICEDETAIL d ON d.IdIHid = ih.IHid',
  'LEFT JOIN ITEM i ON i.Iid = d.ID_ItemID',
].join(' ');

interface ReportRow {
  contract: Omit<HaloContractWithLines, 'recurringInvoices'>;
  invoiceId: number | null;
  invoice: Omit<HaloContractInvoice, 'id' | 'lines'>;
  lineId: number | null;
  line: Omit<HaloContractLine, 'id'>;
}

const CONTRACT_COLUMNS: RecordSpec<Omit<HaloContractWithLines, 'recurringInvoices' | 'id'> & { contract_id: number }> = {
  contract_id: id, client_id: int, site_id: int, ref: str, start_date: date, end_date: date, active: bool, status: int,
  contracttype: int, contracttype_name: str, billingdescription: int,
};

function parseRow(cells: Record<string, unknown>, index: number): ReportRow {
  const path = `report.rows[${index}]`;
  const { contract_id, ...contract } = parseRecord(CONTRACT_COLUMNS, cells, path);
  const field = (name: string): string => `${path}.${name}`;
  // Report cells are text (halo-api.md §5.2); SQL NULL arrives as ''. Ref-like columns stay text.
  const refText = (name: string): string | null => {
    const value = cells[name];
    return value === undefined || value === null || value === '' ? null : String(value);
  };
  return {
    contract: { id: contract_id, ...contract, ref: refText('ref') },
    invoiceId: int(cells['invoice_id'], field('invoice_id')),
    invoice: {
      client_id: int(cells['invoice_client_id'], field('invoice_client_id')),
      site_id: int(cells['invoice_site_id'], field('invoice_site_id')),
      disabled: bool(cells['invoice_disabled'], field('invoice_disabled')),
      startdate: date(cells['invoice_startdate'], field('invoice_startdate')),
      enddate: date(cells['invoice_enddate'], field('invoice_enddate')),
    },
    lineId: int(cells['line_id'], field('line_id')),
    line: {
      _itemid: int(cells['line_itemid'], field('line_itemid')),
      item_code: refText('line_item_code'),
      item_shortdescription: refText('line_item_shortdescription'),
      qty_order: num(cells['line_qty_order'], field('line_qty_order')),
      isinactive: bool(cells['line_isinactive'], field('line_isinactive')),
      startdate: date(cells['line_startdate'], field('line_startdate')),
      enddate: date(cells['line_enddate'], field('line_enddate')),
      item_name: refText('line_item_name'),
    },
  };
}

/** Folds the flat report rows back into contracts → invoices → lines, sorted by id at every level. */
export function contractsFromReportRows(rows: readonly Record<string, unknown>[]): HaloContractWithLines[] {
  const contracts = new Map<number, HaloContractWithLines>();
  const invoices = new Map<number, HaloContractInvoice>();
  const lines = new Set<string>();
  rows.forEach((cells, index) => {
    const row = parseRow(cells, index);
    let contract = contracts.get(row.contract.id);
    if (contract === undefined) {
      contract = { ...row.contract, recurringInvoices: [] };
      contracts.set(contract.id, contract);
    }
    if (row.invoiceId === null) return;
    let invoice = invoices.get(row.invoiceId);
    if (invoice === undefined) {
      invoice = { id: row.invoiceId, ...row.invoice, lines: [] };
      invoices.set(invoice.id, invoice);
      contract.recurringInvoices.push(invoice);
    }
    if (row.lineId === null || lines.has(`${invoice.id}:${row.lineId}`)) return;
    lines.add(`${invoice.id}:${row.lineId}`);
    invoice.lines.push({ id: row.lineId, ...row.line });
  });
  return sortContracts([...contracts.values()]);
}

/** The same view assembled from the REST lists (the fallback without edit:reporting). */
export function contractsFromRest(
  contracts: readonly HaloContract[],
  invoices: readonly HaloRecurringInvoice[],
  items: readonly HaloItem[],
): HaloContractWithLines[] {
  const itemNames = new Map(items.map((item) => [item.id, item.name === '' ? null : item.name]));
  const byContract = new Map<number, HaloRecurringInvoice[]>();
  for (const invoice of invoices) {
    // Recurring templates have negative ids (halo-api.md §4.5), as the SQL's `IHid < 0` requires.
    if (invoice.contract_id === null || invoice.id >= 0) continue;
    const list = byContract.get(invoice.contract_id) ?? [];
    list.push(invoice);
    byContract.set(invoice.contract_id, list);
  }
  return sortContracts(
    contracts.map(({ expired: _expired, billing_description_string: _label, ...contract }) => ({
      ...contract,
      recurringInvoices: (byContract.get(contract.id) ?? []).map((invoice) => ({
        id: invoice.id,
        client_id: invoice.client_id,
        site_id: invoice.site_id,
        disabled: invoice.disabled,
        startdate: invoice.startdate,
        enddate: invoice.enddate,
        lines: invoice.lines.map((line) => ({ ...line, item_name: line._itemid === null ? null : itemNames.get(line._itemid) ?? null })),
      })),
    })),
  );
}

function sortContracts(contracts: HaloContractWithLines[]): HaloContractWithLines[] {
  contracts.sort((a, b) => a.id - b.id);
  for (const contract of contracts) {
    contract.recurringInvoices.sort((a, b) => a.id - b.id);
    for (const invoice of contract.recurringInvoices) invoice.lines.sort((a, b) => a.id - b.id);
  }
  return contracts;
}
