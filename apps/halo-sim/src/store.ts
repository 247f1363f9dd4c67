import { CONTRACT_TYPES, recomputeInvoiceTotals, setContractFlags } from './generator';
import { HaloData, HaloRecord, HaloValue, LookupRow, NO_DATE, ResourceKey } from './model';
import { schemaProperties } from './openapi-schemas';

export type ChangeListener = (resource: ResourceKey | 'lookups') => void;

/** Thrown for input a real Halo refuses; mapped to a 400 whose body is keyed by field (halo-api.md §2.5). */
export class HaloValidationError extends Error {
  constructor(readonly field: string, message: string) {
    super(message);
  }
}

export class RecordNotFoundError extends Error {}

type Record_ = HaloRecord;

function isObject(value: HaloValue | undefined): value is { [key: string]: HaloValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const NAME_FIELDS = new Set(['client_name', 'site_name', 'clientsite_name', 'contract_ref', 'assettype_name', 'status_name', 'main_site_name']);

/** In-memory Halo tenant: the records, their indexes, and every mutation path (REST POST and /_sim admin). */
export class HaloStore {
  readonly data: HaloData;
  private readonly indexes = new Map<ResourceKey, Map<number, Record_>>();
  private readonly lineIndex = new Map<number, Record_>();
  private readonly listeners: ChangeListener[] = [];
  private nextIds: Record<ResourceKey, number>;
  private nextLineId: number;

  constructor(data: HaloData) {
    this.data = data;
    for (const key of Object.keys(this.nextIdsSeed()) as ResourceKey[]) {
      this.indexes.set(key, new Map(this.data[key].map((r) => [r.id, r])));
    }
    for (const invoice of data.invoices) for (const line of this.linesOf(invoice)) this.lineIndex.set(line.id, line);
    const maxId = (key: ResourceKey): number => this.data[key].reduce((m, r) => Math.max(m, r.id), 0);
    this.nextIds = {
      clients: maxId('clients') + 1, sites: maxId('sites') + 1, users: maxId('users') + 1, contracts: maxId('contracts') + 1,
      invoices: this.data.invoices.reduce((m, r) => Math.min(m, r.id), 0) - 1, items: maxId('items') + 1, assets: maxId('assets') + 1,
      assettypes: maxId('assettypes') + 1, tickets: maxId('tickets') + 1,
    };
    this.nextLineId = [...this.lineIndex.keys()].reduce((m, id) => Math.max(m, id), 0) + 1;
  }

  private nextIdsSeed(): Record<ResourceKey, number> {
    return { clients: 0, sites: 0, users: 0, contracts: 0, invoices: 0, items: 0, assets: 0, assettypes: 0, tickets: 0 };
  }

  private index(resource: ResourceKey): Map<number, Record_> {
    const index = this.indexes.get(resource);
    if (index === undefined) throw new Error(`no index for ${resource}`);
    return index;
  }

  onChange(listener: ChangeListener): void {
    this.listeners.push(listener);
  }

  private changed(resource: ResourceKey | 'lookups'): void {
    for (const listener of this.listeners) listener(resource);
  }

  get(resource: ResourceKey, id: number): Record_ | undefined {
    return this.index(resource).get(id);
  }

  all(resource: ResourceKey): readonly Record_[] {
    return this.data[resource];
  }

  linesOf(invoice: Record_): Record_[] {
    return Array.isArray(invoice.lines) ? (invoice.lines.filter((l) => isObject(l) && typeof l.id === 'number') as Record_[]) : [];
  }

  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const key of this.indexes.keys()) counts[key] = this.data[key].length;
    counts.invoiceLines = this.lineIndex.size;
    return counts;
  }

  /** Inserts a record; `id` absent or 0 gets the next id (negative for recurring invoices, halo-api.md §4.5). */
  insert(resource: ResourceKey, fields: { [key: string]: HaloValue }): Record_ {
    const requested = typeof fields.id === 'number' && fields.id !== 0 ? fields.id : null;
    if (requested !== null && this.get(resource, requested)) throw new HaloValidationError('id', `A record with id ${requested} already exists`);
    const id = requested ?? this.allocateId(resource);
    const record: Record_ = { ...this.defaults(resource, id), ...this.clean(fields), id };
    this.normalise(resource, record, null);
    this.data[resource].push(record);
    this.index(resource).set(id, record);
    if (resource === 'invoices') this.indexLines(record);
    this.changed(resource);
    return record;
  }

  /** Merges fields into an existing record (a Halo POST with an id, or PATCH /_sim/records). */
  update(resource: ResourceKey, id: number, fields: { [key: string]: HaloValue }): Record_ {
    const record = this.get(resource, id);
    if (!record) throw new RecordNotFoundError(`${resource} ${id} not found`);
    const before = { ...record };
    Object.assign(record, this.clean(fields), { id });
    this.normalise(resource, record, before);
    if (resource === 'invoices') this.indexLines(record);
    this.changed(resource);
    return record;
  }

  remove(resource: ResourceKey, id: number): void {
    const record = this.get(resource, id);
    if (!record) throw new RecordNotFoundError(`${resource} ${id} not found`);
    this.index(resource).delete(id);
    const list = this.data[resource];
    list.splice(list.indexOf(record), 1);
    if (resource === 'invoices') for (const line of this.linesOf(record)) this.lineIndex.delete(line.id);
    this.changed(resource);
  }

  updateLine(invoiceId: number, lineId: number, fields: { [key: string]: HaloValue } | null): Record_ | null {
    const invoice = this.get('invoices', invoiceId);
    if (!invoice) throw new RecordNotFoundError(`invoice ${invoiceId} not found`);
    const lines = this.linesOf(invoice);
    const line = lines.find((l) => l.id === lineId);
    if (!line) throw new RecordNotFoundError(`line ${lineId} of invoice ${invoiceId} not found`);
    if (fields === null) {
      invoice.lines = lines.filter((l) => l !== line);
      this.lineIndex.delete(lineId);
    } else {
      Object.assign(line, this.clean(fields), { id: lineId, ihid: invoiceId, recurring_invoice_id: invoiceId });
      this.normaliseLine(line);
    }
    recomputeInvoiceTotals(invoice);
    this.changed('invoices');
    return fields === null ? null : line;
  }

  private clean(fields: { [key: string]: HaloValue }): { [key: string]: HaloValue } {
    const out: { [key: string]: HaloValue } = {};
    for (const [key, value] of Object.entries(fields)) {
      // Write flags (`_novalidate`, `_dont_fire_automations`...) steer Halo's save, they are not stored;
      // `_itemid` is a real InvoiceDetail field. Denormalised names are always re-joined on read.
      if ((key.startsWith('_') && key !== '_itemid') || NAME_FIELDS.has(key)) continue;
      out[key] = value;
    }
    return out;
  }

  private allocateId(resource: ResourceKey): number {
    const id = this.nextIds[resource];
    this.nextIds[resource] = resource === 'invoices' ? id - 1 : id + 1;
    return id;
  }

  private indexLines(invoice: Record_): void {
    const raw = Array.isArray(invoice.lines) ? invoice.lines : [];
    const lines: Record_[] = [];
    for (const entry of raw) {
      if (!isObject(entry)) continue;
      const id = typeof entry.id === 'number' && entry.id > 0 ? entry.id : this.nextLineId++;
      const line: Record_ = {
        isinactive: false, startdate: NO_DATE, enddate: NO_DATE, qty_order: 1, unit_price: 0, unit_cost: 0, item_code: '', item_shortdescription: '',
        contract_id: typeof invoice.contract_id === 'number' ? invoice.contract_id : 0, asset_id: 0, recurring_invoice_quantity_type: 0,
        ...this.clean(entry), id, ihid: invoice.id, recurring_invoice_id: invoice.id,
      };
      this.normaliseLine(line);
      lines.push(line);
      this.lineIndex.set(id, line);
      if (id >= this.nextLineId) this.nextLineId = id + 1;
    }
    invoice.lines = lines;
    recomputeInvoiceTotals(invoice);
  }

  private normaliseLine(line: Record_): void {
    const item = typeof line._itemid === 'number' ? this.get('items', line._itemid) : undefined;
    if (item && !line.item_shortdescription) line.item_shortdescription = item.name;
    if (item && !line.item_code) line.item_code = item.internalreference;
    const qty = typeof line.qty_order === 'number' ? line.qty_order : 0;
    const price = typeof line.unit_price === 'number' ? line.unit_price : 0;
    line.net_amount = Math.round(qty * price * 100) / 100;
  }

  private defaults(resource: ResourceKey, id: number): Record_ {
    switch (resource) {
      case 'clients':
        return { id, name: `Client ${id}`, inactive: false, toplevel_id: 1, toplevel_name: 'Customers', ref: '', customertype: 1, is_vip: false, main_site_id: 0 };
      case 'sites':
        return { id, name: 'Main', client_id: 0, inactive: false, isinvoicesite: false, phonenumber: '', ref: '', timezone: 'GMT Standard Time' };
      case 'users':
        return { id, name: `User ${id}`, firstname: '', surname: '', emailaddress: '', client_id: 0, site_id: 0, site_id_int: 0, inactive: false, isserviceaccount: false };
      case 'contracts':
        return { id, client_id: 0, site_id: 0, user_id: 0, ref: `C-${id}`, start_date: NO_DATE, end_date: NO_DATE, active: true, status: 3, contract_status: 'Active', subtype: 0, billingperiod: 2, contracttype: 0, billingdescription: 0 };
      case 'invoices':
        return { id, client_id: 0, sitenumber: 0, contract_id: 0, disabled: false, is_recurring_invoice: true, period: 3, startdate: NO_DATE, enddate: NO_DATE, lastcreated: NO_DATE, nextcreationdate: NO_DATE, reference: '', lines: [] };
      case 'items':
        return { id, name: `Item ${id}`, description: '', isrecurringitem: true, recurringprice: 0, recurringcost: 0, baseprice: 0, costprice: 0, internalreference: '', externalreference: '', supplier_part_code: '', accountsid: '', assettype_id: 0 };
      case 'assets':
        return { id, inventory_number: '', key_field: '', key_field2: '', key_field3: '', client_id: 0, site_id: 0, assettype_id: 1, inactive: false, status_id: 1, username: '', item_id: 0, contract_id: 0, notes: '', fields: [] };
      case 'assettypes':
        return { id, name: `Type ${id}`, assetgroup_id: 1, keyfield_id: 0, keyfield_name: '', tagprefix: 'AS' };
      case 'tickets':
        return { id, summary: '', details: '', client_id: 0, site_id: 0, user_id: 0, user_name: '', user_email: '', tickettype_id: 1, status_id: 1, priority_id: 3, agent_id: 0, dateoccurred: `${new Date().toISOString().slice(0, 19)}Z`, hasbeenclosed: false, inventory_number: '', deadlinedate: NO_DATE, lastactiondate: NO_DATE, assets: [] };
    }
  }

  /** Keeps derived fields consistent after a write, the way Halo's save logic does. */
  private normalise(resource: ResourceKey, record: Record_, before: Record_ | null): void {
    if (resource === 'sites' || resource === 'assets' || resource === 'tickets' || resource === 'users') {
      const site = typeof record.site_id === 'number' && record.site_id > 0 ? this.get('sites', record.site_id) : undefined;
      // The client of an asset/user/ticket follows its site (halo-api.md §4.7: "client is derived from the site").
      if (resource !== 'sites' && site && (before === null || before.site_id !== record.site_id || !record.client_id)) {
        record.client_id = Number(site.client_id);
      }
      if (resource === 'users' && typeof record.site_id === 'number') record.site_id_int = Math.trunc(record.site_id);
    }
    if (resource === 'assets') {
      if (!(typeof record.site_id === 'number' && this.get('sites', record.site_id))) {
        const client = typeof record.client_id === 'number' ? this.get('clients', record.client_id) : undefined;
        if (client && typeof client.main_site_id === 'number' && this.get('sites', client.main_site_id)) record.site_id = client.main_site_id;
        else throw new HaloValidationError('site_id', 'Please select a valid Site for this Asset');
      }
      if (!record.inventory_number) {
        const type = typeof record.assettype_id === 'number' ? this.get('assettypes', record.assettype_id) : undefined;
        record.inventory_number = `${type ? String(type.tagprefix) : 'AS'}${String(record.id).padStart(6, '0')}`;
      }
    }
    if (resource === 'contracts') {
      if (before === null || before.contracttype_name !== record.contracttype_name || before.contracttype !== record.contracttype) {
        this.resolveContractType(record, before);
      }
      if (before === null || before.start_date !== record.start_date || before.end_date !== record.end_date) setContractFlags(record, this.data.asOf);
    }
    if (resource === 'tickets' && Array.isArray(record.assets)) {
      record.assets = record.assets.filter(isObject).map((a) => ({ id: Number(a.id) }));
    }
  }

  /** Keeps CONTRACTHEADER.chtype/chbillingdescription and LOOKUP 28 in step with `contracttype_name`. */
  private resolveContractType(record: Record_, before: Record_ | null): void {
    const types = this.data.lookups.filter((l) => l.fid === 28);
    const nameChanged = before === null ? typeof record.contracttype_name === 'string' : before.contracttype_name !== record.contracttype_name;
    let row: LookupRow | undefined;
    if (nameChanged && typeof record.contracttype_name === 'string') {
      const wanted = record.contracttype_name.trim().toLowerCase();
      row = types.find((t) => t.fvalue.toLowerCase() === wanted);
      if (!row && wanted !== '') {
        row = { fid: 28, fcode: types.reduce((m, t) => Math.max(m, t.fcode), CONTRACT_TYPES.length) + 1, fvalue: record.contracttype_name.trim() };
        this.data.lookups.push(row);
        this.changed('lookups');
      }
    } else {
      const code = typeof record.contracttype === 'number' ? record.contracttype : Number(record.billingdescription);
      row = types.find((t) => t.fcode === code);
    }
    record.contracttype = row ? row.fcode : 0;
    record.billingdescription = row ? row.fcode : 0;
    record.contracttype_name = row ? row.fvalue : '';
    record.billing_description_string = row ? row.fvalue : '';
  }

  /** Joins in the denormalised names Halo serves alongside ids. */
  decorate(resource: ResourceKey, record: Record_): Record_ {
    const out: Record_ = { ...record };
    const clientName = (id: HaloValue | undefined): string => {
      const client = typeof id === 'number' ? this.get('clients', id) : undefined;
      return client ? String(client.name) : '';
    };
    const siteName = (id: HaloValue | undefined): string => {
      const site = typeof id === 'number' && id > 0 ? this.get('sites', id) : undefined;
      return site ? String(site.name) : '';
    };
    switch (resource) {
      case 'clients':
        out.main_site_name = siteName(record.main_site_id);
        break;
      case 'sites':
        out.client_name = clientName(record.client_id);
        out.clientsite_name = `${out.client_name}/${String(record.name)}`;
        break;
      case 'users':
      case 'contracts':
      case 'tickets':
        out.client_name = clientName(record.client_id);
        out.site_name = siteName(record.site_id);
        break;
      case 'invoices': {
        out.client_name = clientName(record.client_id);
        out.site_name = siteName(record.sitenumber);
        const contract = typeof record.contract_id === 'number' && record.contract_id > 0 ? this.get('contracts', record.contract_id) : undefined;
        out.contract_ref = contract ? String(contract.ref) : '';
        break;
      }
      case 'assets': {
        out.client_name = clientName(record.client_id);
        out.site_name = siteName(record.site_id);
        const type = typeof record.assettype_id === 'number' ? this.get('assettypes', record.assettype_id) : undefined;
        out.assettype_name = type ? String(type.name) : '';
        out.status_name = record.status_id === 1 ? 'Active' : 'Inactive';
        const contract = typeof record.contract_id === 'number' && record.contract_id > 0 ? this.get('contracts', record.contract_id) : undefined;
        out.contract_ref = contract ? String(contract.ref) : '';
        break;
      }
      default:
        break;
    }
    return out;
  }
}

/** Keeps only the properties `schema` declares (all served schemas have additionalProperties: false). */
export function project(record: Record_, schema: string): Record_ {
  const allowed = schemaProperties(schema);
  const out: Record_ = { id: record.id };
  for (const [key, value] of Object.entries(record)) if (allowed.has(key)) out[key] = value;
  return out;
}
