// What counts in a Halo snapshot (targeting.md R1–R6), per record, with the reason in words when it does not.
// Both the resolver (which records cover) and the diff (why coverage changed) use these, so they agree.
import { endDay, formatDay, inForce, parseHaloDay, startDay, type DayNumber } from './dates';
import type { HaloClient, HaloContract, HaloRecurringInvoice, HaloRecurringLine } from './input';

/** Why a record does not count; `code` is stable, `text` is for people. */
export interface NotCounting { code: string; text: string }

export function day(text: string | null): DayNumber | undefined {
  return text === null ? undefined : parseHaloDay(text);
}

/** R5: trimmed, case-insensitive; inner runs of spaces collapse too, as an admin would expect "Managed  Security" to match. */
export function normaliseContractType(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** R4: 0 means the whole client. A negative site id is no real site; it is read as "whole client" like null and 0. */
export function siteScope(siteId: number | null): number {
  return siteId !== null && siteId > 0 ? siteId : 0;
}

export function clientNotCounting(client: HaloClient | undefined, clientId: number): NotCounting | null {
  if (!client) return { code: 'client-removed', text: `Halo client ${clientId} is not in the snapshot` };
  if (client.inactive) return { code: 'client-inactive', text: `Halo client ${client.name} (${client.id}) is inactive` };
  return null;
}

function datesNotInForce(what: string, start: string | null, end: string | null, asOf: DayNumber, prefix: string): NotCounting | null {
  const s = startDay(day(start));
  const e = endDay(day(end));
  if (inForce(s, e, asOf)) return null;
  if (s !== undefined && s > asOf) return { code: `${prefix}-not-started`, text: `${what} starts on ${formatDay(s)}` };
  return { code: `${prefix}-ended`, text: `${what} ended on ${formatDay(e as DayNumber)}` };
}

export function contractLabel(c: HaloContract): string {
  return `contract ${c.ref && c.ref.trim() ? c.ref.trim() : `#${c.id}`}${c.contracttype_name ? ` (${c.contracttype_name.trim()})` : ''}`;
}

/** R3, client aside (the caller checks the client once). */
export function contractNotCounting(c: HaloContract, asOf: DayNumber): NotCounting | null {
  const label = contractLabel(c);
  if (!c.active) return { code: 'contract-inactive', text: `${label} is not active` };
  if (c.expired) return { code: 'contract-ended', text: `${label} is marked expired` };
  return datesNotInForce(label, c.start_date, c.end_date, asOf, 'contract');
}

/** R6 for the invoice header, client aside; `contract` is the bound contract when contract_id > 0. */
export function invoiceNotCounting(
  inv: HaloRecurringInvoice,
  contract: HaloContract | undefined,
  asOf: DayNumber,
): NotCounting | null {
  const label = `recurring invoice ${inv.id}`;
  if (inv.disabled) return { code: 'invoice-disabled', text: `${label} is disabled` };
  const dates = datesNotInForce(label, inv.startdate, inv.enddate, asOf, 'invoice');
  if (dates) return dates;
  if (inv.contract_id !== null && inv.contract_id > 0) {
    // Only a contract of the invoice's own client is honoured: Halo does not bind across clients, and
    // honouring it would let one client's data change another's coverage.
    if (!contract || contract.client_id !== inv.client_id) {
      return { code: 'invoice-contract-missing', text: `${label} is bound to contract ${inv.contract_id}, which is not in the snapshot for this client` };
    }
    const why = contractNotCounting(contract, asOf);
    if (why) return { code: why.code, text: `${label} is bound to ${why.text}` };
  }
  return null;
}

export function lineLabel(l: HaloRecurringLine): string {
  const what = [l.item_code, l.item_shortdescription].filter((x) => x && x.trim()).join(' ');
  return `line ${l.id}${what ? ` (${what})` : ''}`;
}

/** R6 for one line. */
export function lineNotCounting(l: HaloRecurringLine, asOf: DayNumber): NotCounting | null {
  const label = lineLabel(l);
  if (l.isinactive) return { code: 'line-inactive', text: `${label} is inactive` };
  if (!(l.qty_order > 0)) return { code: 'line-zero-quantity', text: `${label} has quantity ${l.qty_order}` };
  return datesNotInForce(label, l.startdate, l.enddate, asOf, 'line');
}

/** "since 2024-01-01, no end date" */
export function datesInWords(start: string | null, end: string | null): string {
  const s = startDay(day(start));
  const e = endDay(day(end));
  return `${s === undefined ? 'with no start date' : `since ${formatDay(s)}`}, ${e === undefined ? 'no end date' : `until ${formatDay(e)}`}`;
}
