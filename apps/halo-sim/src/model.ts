// Records as the simulator stores them: Halo's own JSON field names (openapi.json schemas Area, Site, Users,
// ContractHeader, InvoiceHeader/InvoiceDetail, Item, Device, Xtype, Faults). Denormalised names
// (client_name, site_name, ...) are not stored; they are joined in when a record is served, so a mutation of
// a client's name shows everywhere at once.

export type HaloValue = string | number | boolean | null | HaloValue[] | { [key: string]: HaloValue };
export type HaloRecord = { id: number; [key: string]: HaloValue };

/** Halo's "no date" sentinel (halo-api.md §2.7, quirk §7.8): no `Z`, year 1900. */
export const NO_DATE = '1900-01-01T00:00:00';

/** The resources the simulator serves, named by their Halo list key (halo-api.md §4). */
export const RESOURCE_KEYS = ['clients', 'sites', 'users', 'contracts', 'invoices', 'items', 'assets', 'assettypes', 'tickets'] as const;
export type ResourceKey = (typeof RESOURCE_KEYS)[number];

export function isResourceKey(value: string): value is ResourceKey {
  return (RESOURCE_KEYS as readonly string[]).includes(value);
}

export interface LookupRow {
  fid: number;
  fcode: number;
  fvalue: string;
}

export interface HaloData {
  /** Calendar day (UTC, `YYYY-MM-DD`) the generator treated as "today" for started/expired flags. */
  asOf: string;
  clients: HaloRecord[];
  sites: HaloRecord[];
  users: HaloRecord[];
  contracts: HaloRecord[];
  /** Recurring invoices; ids negative (halo-api.md §4.5), each with `lines` (InvoiceDetail). */
  invoices: HaloRecord[];
  items: HaloRecord[];
  assets: HaloRecord[];
  assettypes: HaloRecord[];
  tickets: HaloRecord[];
  /** LOOKUP rows: 28 contract types (billing description), 33 customer types, 38 contract status. */
  lookups: LookupRow[];
}
