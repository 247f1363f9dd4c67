import { HaloData, HaloRecord, LookupRow, NO_DATE } from './model';
import { Prng } from './prng';

export interface GeneratorOptions {
  seed: number;
  clients: number;
  /** `YYYY-MM-DD`; contract dates and the started/expired flags are laid out around it. */
  asOf: string;
}

/** LOOKUP list 28: the "Billing Description" that Halo's UI labels Contract Type (halo-api.md §4.4, §5.3). */
export const CONTRACT_TYPES: readonly { code: number; name: string }[] = [
  { code: 1, name: 'Managed Security' },
  { code: 2, name: 'Managed Services' },
  { code: 3, name: 'Backup' },
  { code: 4, name: 'Break Fix' },
  { code: 5, name: 'Microsoft 365' },
];

const CUSTOMER_TYPES = [
  { code: 1, name: 'Managed' },
  { code: 2, name: 'Ad hoc' },
  { code: 3, name: 'Prospect' },
];

const CONTRACT_STATUS = [
  { code: 1, name: 'Draft' },
  { code: 3, name: 'Active' },
  { code: 4, name: 'Cancelled' },
];

interface CatalogueItem {
  id: number;
  name: string;
  code: string;
  price: number;
  cost: number;
  recurring: boolean;
  /** Contract type codes whose invoices sell this item; empty = sold on stand-alone invoices. */
  types: number[];
  /** InvoiceDetail.recurring_invoice_quantity_type: 1 licences, 2 users, 3 devices, 4 subscriptions. */
  quantityType: number;
}

export const ITEM_CATALOGUE: readonly CatalogueItem[] = [
  { id: 77, name: 'SentinelOne Core', code: 'S1-CORE', price: 4.5, cost: 2.1, recurring: true, types: [1], quantityType: 3 },
  { id: 78, name: 'SentinelOne Control', code: 'S1-CTRL', price: 6, cost: 3.2, recurring: true, types: [1], quantityType: 3 },
  { id: 79, name: 'Huntress MDR', code: 'HUNTRESS-MDR', price: 3.5, cost: 1.8, recurring: true, types: [1, 2], quantityType: 3 },
  { id: 80, name: 'Huntress ITDR', code: 'HUNTRESS-ITDR', price: 2.5, cost: 1.2, recurring: true, types: [1, 5], quantityType: 2 },
  { id: 81, name: 'Datto Backup', code: 'DATTO-BCDR', price: 45, cost: 22, recurring: true, types: [3], quantityType: 3 },
  { id: 82, name: 'Acronis Cyber Protect', code: 'ACR-CP', price: 8, cost: 4, recurring: true, types: [3, 2], quantityType: 3 },
  { id: 83, name: 'Microsoft 365 Business Premium', code: 'M365-BP', price: 22, cost: 18.5, recurring: true, types: [5], quantityType: 1 },
  { id: 84, name: 'Microsoft 365 Business Basic', code: 'M365-BB', price: 6, cost: 5, recurring: true, types: [5], quantityType: 1 },
  { id: 85, name: 'Managed Workstation', code: 'MW-STD', price: 35, cost: 10, recurring: true, types: [2], quantityType: 3 },
  { id: 86, name: 'Managed Server', code: 'MS-STD', price: 120, cost: 30, recurring: true, types: [2], quantityType: 3 },
  { id: 87, name: 'Veeam Backup for Microsoft 365', code: 'VEEAM-M365', price: 3, cost: 1.5, recurring: true, types: [3, 5], quantityType: 2 },
  { id: 88, name: 'Proofpoint Essentials', code: 'PP-ESS', price: 2.75, cost: 1.4, recurring: true, types: [], quantityType: 2 },
  { id: 89, name: 'Domain Renewal', code: 'DOMAIN', price: 18, cost: 12, recurring: true, types: [], quantityType: 4 },
  { id: 90, name: 'Labour - Remote Support', code: 'LAB-REM', price: 95, cost: 40, recurring: false, types: [], quantityType: 0 },
];

/** Xtype rows; key_field = hostname, key_field2 = serial number (halo-api.md §4.7, §4.8). */
export const ASSET_TYPES = [
  { id: 1, name: 'Workstation', prefix: 'WS', group: 1 },
  { id: 2, name: 'Laptop', prefix: 'LT', group: 1 },
  { id: 3, name: 'Server', prefix: 'SRV', group: 2 },
  { id: 4, name: 'Network Device', prefix: 'NET', group: 3 },
  { id: 5, name: 'Printer', prefix: 'PRN', group: 3 },
];
const ASSET_GROUPS: Record<number, string> = { 1: 'End-User Devices', 2: 'Servers', 3: 'Infrastructure' };

const NAME_A = ['Acme', 'Northwind', 'Contoso', 'Fabrikam', 'Bluebell', 'Harbour', 'Summit', 'Oakridge', 'Riverside', 'Granite',
  'Maple', 'Beacon', 'Silverline', 'Redwood', 'Ironbridge', 'Kestrel', 'Lakeside', 'Meridian', 'Pinnacle', 'Quarry',
  'Sterling', 'Thornbury', 'Union', 'Valley', 'Westfield', 'Yarrow', 'Zenith', 'Ashford', 'Brookside', 'Castle'];
const NAME_B = ['Dental', 'Legal', 'Logistics', 'Engineering', 'Accountants', 'Veterinary', 'Architects', 'Foods', 'Motors', 'Clinic',
  'Estates', 'Printing', 'Academy', 'Pharmacy', 'Surveyors', 'Joinery', 'Travel', 'Insurance', 'Media', 'Plumbing'];
const NAME_C = ['Ltd', 'LLP', 'Group', 'Partners', 'Inc', '& Co'];
const FIRST = ['Alice', 'Ben', 'Chloe', 'David', 'Emma', 'Farid', 'Grace', 'Hugo', 'Isla', 'Jack', 'Kiran', 'Lena', 'Marco', 'Nina',
  'Oscar', 'Priya', 'Quinn', 'Ravi', 'Sofia', 'Tom', 'Uma', 'Victor', 'Wen', 'Yusuf', 'Zoe'];
const LAST = ['Adams', 'Brown', 'Chen', 'Dubois', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ito', 'Jones', 'Khan', 'Lopez', 'Murphy',
  'Novak', 'Okafor', 'Patel', 'Rossi', 'Smith', 'Taylor', 'Walsh'];
const SITE_NAMES = ['Head Office', 'Warehouse', 'Branch Office', 'Remote Workers', 'Clinic 2', 'Depot'];
const TICKET_SUMMARIES = ['Outlook keeps asking for password', 'Laptop will not boot', 'New starter setup', 'Printer offline',
  'VPN disconnects', 'Backup job failed', 'Suspicious email reported', 'Request software install', 'Slow PC', 'Wi-Fi drops'];

function day(asOf: string, offsetDays: number): string {
  const t = Date.parse(`${asOf}T00:00:00Z`) + offsetDays * 86_400_000;
  return `${new Date(t).toISOString().slice(0, 19)}Z`;
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/**
 * Builds a whole MSP deterministically from (seed, clients, asOf): same inputs, byte-identical records.
 * Shapes: ~1.7 sites, ~5 users, ~20 assets, ~2.5 contracts, ~10 recurring lines and ~4 tickets per client.
 */
export function generateHaloData(options: GeneratorOptions): HaloData {
  const rng = new Prng(options.seed);
  const { asOf } = options;
  const data: HaloData = {
    asOf, clients: [], sites: [], users: [], contracts: [], invoices: [], items: [], assets: [], assettypes: [], tickets: [],
    lookups: [],
  };
  const lookups: LookupRow[] = [
    ...CONTRACT_TYPES.map((t) => ({ fid: 28, fcode: t.code, fvalue: t.name })),
    ...CUSTOMER_TYPES.map((t) => ({ fid: 33, fcode: t.code, fvalue: t.name })),
    ...CONTRACT_STATUS.map((t) => ({ fid: 38, fcode: t.code, fvalue: t.name })),
  ];
  data.lookups = lookups;

  for (const item of ITEM_CATALOGUE) {
    data.items.push({
      id: item.id, name: item.name, description: `${item.name} (per ${['unit', 'licence', 'user', 'device', 'subscription'][item.quantityType] ?? 'unit'})`,
      isrecurringitem: item.recurring, recurringprice: item.recurring ? item.price : 0, recurringcost: item.recurring ? item.cost : 0,
      baseprice: item.price, costprice: item.cost, internalreference: item.code, externalreference: '', supplier_part_code: item.code,
      accountsid: `ACC-${item.id}`, assettype_id: 0,
    });
  }
  for (const type of ASSET_TYPES) {
    data.assettypes.push({
      id: type.id, name: type.name, assetgroup_id: type.group, assetgroup_name: ASSET_GROUPS[type.group],
      keyfield_id: 101, keyfield_name: 'Hostname', keyfield2_id: 117, keyfield2_name: 'Serial Number', keyfield3_id: 0, keyfield3_name: '',
      tagprefix: type.prefix,
    });
  }

  let siteId = 1;
  let userId = 1;
  let contractId = 500;
  let invoiceId = -100;
  let lineId = 9000;
  let assetId = 1;
  let ticketId = 1000;
  for (let c = 0; c < options.clients; c += 1) {
    const clientId = c + 12;
    const name = `${NAME_A[c % NAME_A.length]} ${NAME_B[Math.floor(c / NAME_A.length) % NAME_B.length]} ${NAME_C[Math.floor(c / (NAME_A.length * NAME_B.length)) % NAME_C.length]}`
      + (c >= NAME_A.length * NAME_B.length * NAME_C.length ? ` ${Math.floor(c / (NAME_A.length * NAME_B.length * NAME_C.length)) + 1}` : '');
    const inactive = rng.chance(0.06);
    const domain = `${slug(name)}.example`;
    const siteIds: number[] = [];
    const siteCount = 1 + (rng.chance(0.45) ? rng.int(1, 2) : 0);
    for (let s = 0; s < siteCount; s += 1) {
      siteIds.push(siteId);
      data.sites.push({
        id: siteId, name: SITE_NAMES[s % SITE_NAMES.length], client_id: clientId, inactive: s > 0 && rng.chance(0.05),
        isinvoicesite: s === 0, phonenumber: `01${rng.int(100, 999)} ${rng.int(100000, 999999)}`, ref: '', timezone: 'GMT Standard Time',
      });
      siteId += 1;
    }
    data.clients.push({
      id: clientId, name, inactive, toplevel_id: 1, toplevel_name: 'Customers', ref: name.slice(0, 3).toUpperCase() + String(clientId),
      accountsid: `C${String(clientId).padStart(5, '0')}`, is_vip: rng.chance(0.05), customertype: inactive ? 3 : rng.pick([1, 1, 1, 2]),
      main_site_id: siteIds[0], main_site_name: SITE_NAMES[0], website: `https://www.${domain}`, colour: '#2e6da4',
      datecreated: day(asOf, -rng.int(100, 3000)),
    });

    const userIds: number[] = [];
    const userCount = rng.int(2, 8);
    for (let u = 0; u < userCount; u += 1) {
      const first = rng.pick(FIRST);
      const last = rng.pick(LAST);
      const site = rng.pick(siteIds);
      userIds.push(userId);
      data.users.push({
        id: userId, name: `${first} ${last}`, firstname: first, surname: last,
        emailaddress: `${first}.${last}${userId}@${domain}`.toLowerCase(), login: `${first[0]}${last}`.toLowerCase(),
        client_id: clientId, site_id: site, site_id_int: site, inactive: rng.chance(0.08), phonenumber: '',
        title: rng.pick(['Director', 'Office Manager', 'Engineer', 'Receptionist', 'Accountant']), isserviceaccount: false,
        azureoid: `${(userId * 2654435761 >>> 0).toString(16).padStart(8, '0')}-0000-4000-8000-${String(clientId).padStart(12, '0')}`,
      });
      userId += 1;
    }

    const clientAssets: HaloRecord[] = [];
    const assetCount = rng.int(10, 30);
    for (let a = 0; a < assetCount; a += 1) {
      const type = a === 0 ? ASSET_TYPES[2] : rng.pick([ASSET_TYPES[0], ASSET_TYPES[0], ASSET_TYPES[1], ASSET_TYPES[1], ASSET_TYPES[2], ASSET_TYPES[3], ASSET_TYPES[4]]);
      const hostname = `${name.slice(0, 3).toUpperCase()}-${type.prefix}${String(a + 1).padStart(3, '0')}`;
      const serial = `SN${(assetId * 7919).toString(36).toUpperCase().padStart(8, '0')}`;
      const site = rng.pick(siteIds);
      const record: HaloRecord = {
        id: assetId, inventory_number: `${type.prefix}${String(assetId).padStart(6, '0')}`, key_field: hostname, key_field2: serial, key_field3: '',
        client_id: clientId, site_id: site, assettype_id: type.id, inactive: rng.chance(0.05), status_id: 1,
        username: userIds.length > 0 && type.id <= 2 ? data.users[data.users.length - 1 - rng.int(0, userIds.length - 1)].name : '',
        item_id: 0, contract_id: 0, notes: '',
        fields: [{ id: 101, name: 'Hostname', value: hostname, display: hostname }, { id: 117, name: 'Serial Number', value: serial, display: serial }],
      };
      data.assets.push(record);
      clientAssets.push(record);
      assetId += 1;
    }

    const typeCodes = CONTRACT_TYPES.map((t) => t.code).filter(() => rng.chance(0.5));
    if (typeCodes.length === 0) typeCodes.push(rng.pick([1, 2]));
    const clientContracts: HaloRecord[] = [];
    for (const code of typeCodes) {
      const roll = rng.next();
      let start = day(asOf, -rng.int(30, 900));
      let end: string = rng.chance(0.5) ? NO_DATE : rng.chance(0.5) ? '2099-12-31T00:00:00Z' : day(asOf, rng.int(60, 700));
      if (roll < 0.1) end = day(asOf, -rng.int(1, 200)); // expired
      else if (roll < 0.17) start = day(asOf, rng.int(1, 60)); // starts later
      const siteScoped = siteIds.length > 1 && rng.chance(0.25);
      const type = CONTRACT_TYPES.find((t) => t.code === code) ?? CONTRACT_TYPES[0];
      const record: HaloRecord = {
        id: contractId, client_id: clientId, site_id: siteScoped ? siteIds[1] : 0, user_id: 0,
        ref: `${type.name.split(' ').map((w) => w[0]).join('').toUpperCase()}-${contractId}`,
        start_date: start, end_date: end, status: 3, contract_status: 'Active', contracttype: code, contracttype_name: type.name,
        billingdescription: code, billing_description_string: type.name, subtype: 0, billingperiod: 2, periodchargeamount: 0,
        next_invoice_date: day(asOf, rng.int(1, 30)),
      };
      setContractFlags(record, asOf);
      record.active = !(roll >= 0.17 && roll < 0.2);
      data.contracts.push(record);
      clientContracts.push(record);
      contractId += 1;
    }

    const invoiceTargets: { contract: HaloRecord | null; types: number[] }[] = clientContracts
      .filter((k) => k.contracttype !== 4)
      .map((k) => ({ contract: k, types: [Number(k.contracttype)] }));
    if (invoiceTargets.length === 0 || rng.chance(0.6)) invoiceTargets.push({ contract: null, types: [] });
    for (const target of invoiceTargets) {
      const candidates = ITEM_CATALOGUE.filter((i) => i.recurring && (target.types.length === 0 ? i.types.length === 0 || rng.chance(0.2) : i.types.some((t) => target.types.includes(t))));
      const lineCount = rng.int(4, 8);
      const lines: HaloRecord[] = [];
      const devices = clientAssets.filter((a) => Number(a.assettype_id) <= 3).length;
      for (let l = 0; l < lineCount; l += 1) {
        // Each product once per invoice, as an MSP's billing would have it.
        if (candidates.length === 0) break;
        const item = candidates.splice(rng.int(0, candidates.length - 1), 1)[0];
        const qty = rng.chance(0.05) ? 0 : item.quantityType === 3 ? devices : item.quantityType === 4 ? 1 : userCount;
        const future = rng.chance(0.05);
        lines.push({
          id: lineId, ihid: invoiceId, _itemid: item.id, item_code: item.code, item_shortdescription: item.name,
          item_longdescription: `${item.name} for $MONTH $YEAR`, qty_order: qty, unit_price: item.price, unit_cost: item.cost,
          net_amount: Math.round(qty * item.price * 100) / 100, contract_id: target.contract ? target.contract.id : 0, asset_id: 0,
          recurring_invoice_id: invoiceId, recurring_invoice_quantity_type: item.quantityType, isinactive: rng.chance(0.05),
          startdate: future ? day(asOf, rng.int(5, 90)) : NO_DATE, enddate: NO_DATE,
        });
        lineId += 1;
      }
      data.invoices.push({
        id: invoiceId, client_id: clientId, sitenumber: target.contract ? Number(target.contract.site_id) : rng.chance(0.2) ? siteIds[siteIds.length - 1] : 0,
        contract_id: target.contract ? target.contract.id : 0, disabled: rng.chance(0.08), is_recurring_invoice: true, period: 3,
        lastcreated: day(asOf, -rng.int(1, 28)), nextcreationdate: day(asOf, rng.int(1, 28)), startdate: day(asOf, -rng.int(60, 700)),
        enddate: NO_DATE, reference: target.contract ? String(target.contract.ref) : `RI-${-invoiceId}`, lines,
      });
      recomputeInvoiceTotals(data.invoices[data.invoices.length - 1]);
      invoiceId -= 1;
    }

    const ticketCount = rng.int(0, 8);
    for (let t = 0; t < ticketCount; t += 1) {
      const user = data.users[data.users.length - userCount + rng.int(0, userCount - 1)];
      const linked = clientAssets.length > 0 && rng.chance(0.7) ? [clientAssets[rng.int(0, clientAssets.length - 1)]] : [];
      const closed = rng.chance(0.5);
      data.tickets.push({
        id: ticketId, summary: rng.pick(TICKET_SUMMARIES), details: 'Reported by phone.', client_id: clientId, site_id: Number(user.site_id),
        user_id: user.id, user_name: String(user.name), user_email: String(user.emailaddress), tickettype_id: 1, status_id: closed ? 9 : rng.pick([1, 2, 3]),
        priority_id: rng.int(1, 4), agent_id: rng.int(1, 6), dateoccurred: day(asOf, -rng.int(0, 120)), hasbeenclosed: closed,
        inventory_number: linked.length > 0 ? String(linked[0].inventory_number) : '', deadlinedate: NO_DATE,
        lastactiondate: day(asOf, -rng.int(0, 10)), assets: linked.map((a) => ({ id: a.id })),
      });
      ticketId += 1;
    }
  }
  return data;
}

/** Halo's ContractHeader flags: `started` once the start day is reached, `expired` after the end day (R1 of targeting.md). */
export function setContractFlags(contract: HaloRecord, asOf: string): void {
  const startDay = typeof contract.start_date === 'string' && contract.start_date >= '1901' ? contract.start_date.slice(0, 10) : null;
  const endDay = typeof contract.end_date === 'string' && contract.end_date >= '1901' ? contract.end_date.slice(0, 10) : null;
  contract.started = startDay === null || startDay <= asOf;
  contract.expired = endDay !== null && endDay < asOf;
}

export function recomputeInvoiceTotals(invoice: HaloRecord): void {
  const lines = Array.isArray(invoice.lines) ? invoice.lines : [];
  let total = 0;
  for (const line of lines) {
    if (line && typeof line === 'object' && !Array.isArray(line) && typeof line.net_amount === 'number') total += line.net_amount;
  }
  invoice.revenue = Math.round(total * 100) / 100;
  invoice.total = invoice.revenue;
}
