// fast-check generators of small, valid scenarios in the targeting.md format, dense in the cases that matter:
// dates on and around asOf, the 1900 and 2099 sentinels, inactive/disabled records, site scopes, unmapped tenants.
import fc from 'fast-check';

export const AS_OF = '2026-12-03';
const DAY_MS = 86_400_000;
const asOfMs = Date.parse(`${AS_OF}T00:00:00Z`);
export const dayOffset = (n: number): string => new Date(asOfMs + n * DAY_MS).toISOString().slice(0, 10) + 'T00:00:00Z';

export const CONTRACT_TYPES = ['Managed Security', 'Backup', 'Managed Services'];
export const ITEM_IDS = [1, 2, 3];
const SOFTWARE = ['huntress', 'sentinelone', 'chrome'];

const startArb = fc.constantFrom<string | null>(null, '', '1900-01-01T00:00:00', dayOffset(-400), dayOffset(-1), dayOffset(0), dayOffset(1), dayOffset(30));
const endArb = fc.constantFrom<string | null>(null, '1900-01-01T00:00:00', '2099-12-31T00:00:00', dayOffset(-1), dayOffset(0), dayOffset(1), dayOffset(365));

export interface RawScenario {
  asOf: string;
  halo: {
    clients: { id: number; name: string; inactive: boolean }[];
    sites: { id: number; client_id: number; name: string }[];
    contracts: Record<string, unknown>[];
    recurringInvoices: Record<string, unknown>[];
    items: { id: number; name: string }[];
  };
  tenants: { id: string; name: string; haloClientId: number | null }[];
  computers: { id: string; tenantId: string; haloSiteId: number | null; kind: string }[];
  deployments: Record<string, unknown>[];
}

/** Sites of client c are c*10+1 and c*10+2. */
const siteOf = (clientId: number, n: number): number => clientId * 10 + n;

/** One client's Halo records; ids derive from the client id so they stay unique across clients. */
export function clientDataArb(clientId: number): fc.Arbitrary<Pick<RawScenario['halo'], 'contracts' | 'recurringInvoices'> & { inactive: boolean }> {
  const contract = fc.record({
    site: fc.constantFrom<number | null>(null, 0, 1, 2),
    type: fc.constantFrom(...CONTRACT_TYPES),
    start: startArb,
    end: endArb,
    expired: fc.constantFrom(false, false, false, false, false, true),
  });
  const line = fc.record({
    item: fc.constantFrom(...ITEM_IDS),
    qty: fc.constantFrom(0, 1, 2, 5),
    inactive: fc.constantFrom(false, false, true),
    start: startArb,
    end: endArb,
  });
  const invoice = fc.record({
    site: fc.constantFrom<number | null>(null, 0, 1, 2),
    contract: fc.constantFrom<number | null>(null, 0, 0, 1, 2, 3),
    disabled: fc.constantFrom(false, false, true),
    lines: fc.array(line, { minLength: 1, maxLength: 4 }),
  });
  return fc
    .record({
      inactive: fc.constantFrom(false, false, false, false, true),
      contracts: fc.array(contract, { maxLength: 4 }),
      invoices: fc.array(invoice, { minLength: 1, maxLength: 3 }),
      activeFlags: fc.array(fc.constantFrom(true, true, true, true, true, false), { minLength: 4, maxLength: 4 }),
    })
    .map(({ inactive, contracts, invoices, activeFlags }) => ({
      inactive,
      contracts: contracts.map((c, i) => ({
        id: clientId * 100 + i,
        client_id: clientId,
        site_id: c.site === null || c.site === 0 ? c.site : siteOf(clientId, c.site),
        ref: `C-${clientId}-${i}`,
        contracttype_name: c.type,
        start_date: c.start,
        end_date: c.end,
        active: activeFlags[i],
        expired: c.expired,
      })),
      recurringInvoices: invoices.map((inv, i) => ({
        id: -(clientId * 100 + i),
        client_id: clientId,
        site_id: inv.site === null || inv.site === 0 ? inv.site : siteOf(clientId, inv.site),
        // contract_id 1..3 point at this client's contracts (which may not exist: then the invoice does not count).
        contract_id: inv.contract === null || inv.contract === 0 ? inv.contract : clientId * 100 + inv.contract - 1,
        disabled: inv.disabled,
        lines: inv.lines.map((l, j) => ({
          id: clientId * 10_000 + i * 100 + j,
          _itemid: l.item,
          qty_order: l.qty,
          isinactive: l.inactive,
          startdate: l.start,
          enddate: l.end,
        })),
      })),
    }));
}

const targetArb = (tenantIds: string[], computerIds: string[]): fc.Arbitrary<Record<string, unknown>> => {
  // Billing-driven targets are weighted up: they are where the rules are subtle.
  const kinds: fc.WeightedArbitrary<Record<string, unknown>>[] = [
    { arbitrary: fc.constant({ kind: 'all' }), weight: 1 },
    { arbitrary: fc.subarray(CONTRACT_TYPES, { minLength: 1 }).map((contractTypes) => ({ kind: 'contractType', contractTypes })), weight: 3 },
    { arbitrary: fc.subarray(ITEM_IDS, { minLength: 1 }).map((itemIds) => ({ kind: 'recurringItem', itemIds })), weight: 3 },
  ];
  if (tenantIds.length) kinds.push({ arbitrary: fc.constantFrom(...tenantIds).map((tenantId) => ({ kind: 'tenant', tenantId })), weight: 1 });
  if (computerIds.length) kinds.push({ arbitrary: fc.constantFrom(...computerIds).map((computerId) => ({ kind: 'computer', computerId })), weight: 1 });
  return fc.oneof(...kinds);
};

export const deploymentArb = (id: string, tenantIds: string[], computerIds: string[]): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record({
      software: fc.constantFrom(...SOFTWARE),
      action: fc.constantFrom('install', 'install', 'uninstall', 'ignore'),
      priority: fc.constantFrom(50, 100, 100, 200),
      kinds: fc.option(fc.subarray(['workstation', 'server', 'portable'], { minLength: 1 }), { nil: undefined }),
      target: targetArb(tenantIds, computerIds),
    })
    .map((d) => ({
      id,
      software: d.software,
      action: d.action,
      version: 'latest',
      enforcement: 'required',
      priority: d.priority,
      ...(d.kinds ? { computerKinds: d.kinds } : {}),
      target: d.target,
    }));

export const scenarioArb: fc.Arbitrary<RawScenario> = fc
  .record({ clientCount: fc.integer({ min: 1, max: 4 }), tenantCount: fc.integer({ min: 1, max: 5 }) })
  .chain(({ clientCount, tenantCount }) => {
    const clientIds = Array.from({ length: clientCount }, (_, i) => i + 1);
    return fc.record({
      clientIds: fc.constant(clientIds),
      clientData: fc.tuple(...clientIds.map(clientDataArb)),
      mappings: fc.array(fc.constantFrom<number | null>(null, 99, ...clientIds, ...clientIds, ...clientIds), { minLength: tenantCount, maxLength: tenantCount }),
      computers: fc.array(
        fc.record({ tenant: fc.nat({ max: tenantCount - 1 }), site: fc.constantFrom<number | null>(null, 1, 2), kind: fc.constantFrom('workstation', 'server', 'portable') }),
        { minLength: 1, maxLength: 14 },
      ),
    });
  })
  .chain(({ clientIds, clientData, mappings, computers }) => {
    const tenants = mappings.map((haloClientId, i) => ({ id: `t${i}`, name: `Tenant ${i}`, haloClientId }));
    const comps = computers.map((c, i) => {
      const mapped = tenants[c.tenant].haloClientId;
      // A computer's Halo site is one of its client's sites, or none.
      const site = c.site === null || mapped === null ? null : siteOf(mapped, c.site);
      return { id: `pc${i}`, tenantId: tenants[c.tenant].id, haloSiteId: site, kind: c.kind };
    });
    const tenantIds = tenants.map((t) => t.id);
    const computerIds = comps.map((c) => c.id);
    return fc
      .integer({ min: 1, max: 8 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => deploymentArb(`d${i}`, tenantIds, computerIds))))
      .map(
        (deployments): RawScenario => ({
          asOf: AS_OF,
          halo: {
            clients: clientIds.map((id, i) => ({ id, name: `Client ${id}`, inactive: clientData[i].inactive })),
            sites: clientIds.flatMap((id) => [1, 2].map((n) => ({ id: siteOf(id, n), client_id: id, name: `Site ${n}` }))),
            contracts: clientData.flatMap((d) => d.contracts),
            recurringInvoices: clientData.flatMap((d) => d.recurringInvoices),
            items: ITEM_IDS.map((id) => ({ id, name: `Item ${id}` })),
          },
          tenants,
          computers: comps,
          deployments,
        }),
      );
  });
