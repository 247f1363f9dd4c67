import type { components } from '../generated/halo-openapi';
import { bool, date, id, int, list, num, parseRecord, RecordSpec, str, text } from './normalise';

type Schemas = components['schemas'];

/**
 * A public record type narrowed from a generated Halo schema: every property must exist in that schema
 * (a typo or a field Halo does not have fails to compile), and its value must fit the schema's type once
 * normalised (ids integral, "no date" null, strings never empty). Field names stay Halo's own, as
 * targeting.md and the scenarios use them.
 */
type Narrowed<Schema, Shape extends { [K in keyof Shape]: K extends keyof Schema ? Exclude<Schema[K], undefined> | null : never }> = Shape;

/** A client (`/Client`, model `Area`, halo-api.md §4.1). */
export type HaloClientRecord = Narrowed<
  Schemas['Area'],
  { id: number; name: string; inactive: boolean | null; toplevel_id: number | null; toplevel_name: string | null; ref: string | null; customertype: number | null }
>;

/** A site (`/Site`, §4.2); `client_id` is a double in Halo's schema and an integer here. */
export type HaloSite = Narrowed<Schemas['Site'], { id: number; name: string; client_id: number | null; client_name: string | null; inactive: boolean | null }>;

/** An end user (`/Users`, §4.3); `site_id` is a double in Halo's schema and an integer here. */
export type HaloUser = Narrowed<
  Schemas['Users'],
  {
    id: number;
    name: string;
    emailaddress: string | null;
    login: string | null;
    client_id: number | null;
    client_name: string | null;
    site_id: number | null;
    site_name: string | null;
    inactive: boolean | null;
  }
>;

/** A client contract (`/ClientContract`, model `ContractHeader`, §4.4). */
export type HaloContract = Narrowed<
  Schemas['ContractHeader'],
  {
    id: number;
    client_id: number | null;
    site_id: number | null;
    ref: string | null;
    start_date: string | null;
    end_date: string | null;
    active: boolean | null;
    expired: boolean | null;
    status: number | null;
    contracttype: number | null;
    contracttype_name: string | null;
    billingdescription: number | null;
    billing_description_string: string | null;
  }
>;

/** A recurring-invoice line (`InvoiceDetail`, §4.5): `_itemid` is the link to the Item (there is no `item_id`). */
export type HaloInvoiceLine = Narrowed<
  Schemas['InvoiceDetail'],
  {
    id: number;
    _itemid: number | null;
    item_code: string | null;
    item_shortdescription: string | null;
    qty_order: number | null;
    isinactive: boolean | null;
    startdate: string | null;
    enddate: string | null;
  }
>;

/** A recurring invoice (`/RecurringInvoice`, model `InvoiceHeader`, §4.5); ids are negative. */
export type HaloRecurringInvoice = Narrowed<
  Schemas['InvoiceHeader'],
  {
    id: number;
    client_id: number | null;
    client_name: string | null;
    contract_id: number | null;
    disabled: boolean | null;
    startdate: string | null;
    enddate: string | null;
    lines: HaloInvoiceLine[];
  }
> & {
  /** InvoiceHeader calls it `sitenumber`; exposed as `site_id` like every other record (targeting.md R4). */
  site_id: number | null;
};

/** An item (`/Item`, §4.6). */
export type HaloItem = Narrowed<
  Schemas['Item'],
  { id: number; name: string; description: string | null; isrecurringitem: boolean | null; recurringprice: number | null; internalreference: string | null; externalreference: string | null }
>;

/** An asset-type info field value (`FieldHelper`). */
export type HaloAssetField = Narrowed<Schemas['FieldHelper'], { id: number; name: string | null; value: string | number | boolean | null }>;

/** An asset (`/Asset`, model `Device`, §4.7). `key_field*` are the values of the asset type's key fields. */
export type HaloAsset = Narrowed<
  Schemas['Device'],
  {
    id: number;
    inventory_number: string | null;
    key_field: string | null;
    key_field2: string | null;
    key_field3: string | null;
    client_id: number | null;
    site_id: number | null;
    site_name: string | null;
    assettype_id: number | null;
    assettype_name: string | null;
    inactive: boolean | null;
    fields: HaloAssetField[];
  }
>;

/** An asset to create (no `id`) or update (with `id`), sent as Halo's POST array (§2.5, §4.7). */
export type HaloAssetInput = Partial<Omit<HaloAsset, 'fields'>> & {
  fields?: { id: number; value: string | number | boolean | null }[];
};

/** An asset type (`/AssetType`, model `Xtype`, §4.8). */
export type HaloAssetType = Narrowed<
  Schemas['Xtype'],
  {
    id: number;
    name: string;
    assetgroup_id: number | null;
    assetgroup_name: string | null;
    keyfield_id: number | null;
    keyfield_name: string | null;
    keyfield2_id: number | null;
    keyfield2_name: string | null;
    keyfield3_id: number | null;
    keyfield3_name: string | null;
  }
>;

/** An asset as listed on a ticket (`Device_List`). */
export type HaloTicketAsset = Narrowed<Schemas['Device_List'], { id: number; inventory_number: string | null; assettype_id: number | null; site_id: number | null }>;

/** A ticket (`/Tickets`, model `Faults`, §4.10); the ticket number is `id` (`$FAULTID` in tab URLs). */
export type HaloTicket = Narrowed<
  Schemas['Faults'],
  {
    id: number;
    summary: string;
    client_id: number | null;
    client_name: string | null;
    site_id: number | null;
    site_name: string | null;
    user_id: number | null;
    user_name: string | null;
    status_id: number | null;
    tickettype_id: number | null;
    dateoccurred: string | null;
    assets: HaloTicketAsset[];
  }
>;

const fieldValue = (value: unknown, field: string): string | number | boolean | null =>
  typeof value === 'number' || typeof value === 'boolean' ? value : str(value, field);

export const CLIENT_SPEC: RecordSpec<HaloClientRecord> = {
  id, name: text, inactive: bool, toplevel_id: int, toplevel_name: str, ref: str, customertype: int,
};
export const SITE_SPEC: RecordSpec<HaloSite> = { id, name: text, client_id: int, client_name: str, inactive: bool };
export const USER_SPEC: RecordSpec<HaloUser> = {
  id, name: text, emailaddress: str, login: str, client_id: int, client_name: str, site_id: int, site_name: str, inactive: bool,
};
export const CONTRACT_SPEC: RecordSpec<HaloContract> = {
  id, client_id: int, site_id: int, ref: str, start_date: date, end_date: date, active: bool, expired: bool, status: int,
  contracttype: int, contracttype_name: str, billingdescription: int, billing_description_string: str,
};
export const INVOICE_LINE_SPEC: RecordSpec<HaloInvoiceLine> = {
  id, _itemid: int, item_code: str, item_shortdescription: str, qty_order: num, isinactive: bool, startdate: date, enddate: date,
};
export const RECURRING_INVOICE_SPEC: RecordSpec<Omit<HaloRecurringInvoice, 'site_id'>> = {
  id, client_id: int, client_name: str, contract_id: int, disabled: bool, startdate: date, enddate: date, lines: list(INVOICE_LINE_SPEC),
};
export const ITEM_SPEC: RecordSpec<HaloItem> = {
  id, name: text, description: str, isrecurringitem: bool, recurringprice: num, internalreference: str, externalreference: str,
};
export const ASSET_FIELD_SPEC: RecordSpec<HaloAssetField> = { id, name: str, value: fieldValue };
export const ASSET_SPEC: RecordSpec<HaloAsset> = {
  id, inventory_number: str, key_field: str, key_field2: str, key_field3: str, client_id: int, site_id: int, site_name: str,
  assettype_id: int, assettype_name: str, inactive: bool, fields: list(ASSET_FIELD_SPEC),
};
export const ASSET_TYPE_SPEC: RecordSpec<HaloAssetType> = {
  id, name: text, assetgroup_id: int, assetgroup_name: str, keyfield_id: int, keyfield_name: str, keyfield2_id: int,
  keyfield2_name: str, keyfield3_id: int, keyfield3_name: str,
};
export const TICKET_ASSET_SPEC: RecordSpec<HaloTicketAsset> = { id, inventory_number: str, assettype_id: int, site_id: int };
export const TICKET_SPEC: RecordSpec<HaloTicket> = {
  id, summary: text, client_id: int, client_name: str, site_id: int, site_name: str, user_id: int, user_name: str,
  status_id: int, tickettype_id: int, dateoccurred: date, assets: list(TICKET_ASSET_SPEC),
};

/** Reads `site_id` from `sitenumber` (InvoiceHeader's name for it), or from `site_id` should Halo send that. */
export function parseRecurringInvoice(raw: unknown, path: string): HaloRecurringInvoice {
  const invoice = parseRecord(RECURRING_INVOICE_SPEC, raw, path);
  const source = raw as Record<string, unknown>;
  const siteKey = source['sitenumber'] !== undefined ? 'sitenumber' : 'site_id';
  return { ...invoice, site_id: int(source[siteKey], `${path}.${siteKey}`) };
}
