// Deterministic generator of a large scenario (targeting.md format) for the rules benchmark.
// Shaped like a big MSP: thousands of clients with a few contracts and one or two recurring invoices each,
// Halo's date sentinels, inactive and disabled records, site-scoped contracts, some unmapped tenants.

/** mulberry32: a small seeded PRNG, so every run (and the SQL baseline) sees the same data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BenchSize { computers: number; clients: number; deployments: number; unmappedTenants: number }

export const CONTRACT_TYPES = ['Managed Security', 'Managed Services', 'Backup', 'Break Fix', 'Microsoft 365', 'Network Care', 'Server Care', 'Compliance', 'Endpoint Plus', 'VoIP'];
export const ITEM_COUNT = 30;
export const AS_OF = '2026-12-03';

type Raw = Record<string, unknown>;
export interface BenchScenario {
  asOf: string;
  halo: { clients: Raw[]; sites: Raw[]; contracts: Raw[]; recurringInvoices: Raw[]; items: Raw[] };
  tenants: Raw[];
  computers: Raw[];
  deployments: Raw[];
}

const day = (y: number, m: number, d: number): string => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T00:00:00Z`;

export function generateBenchScenario(size: BenchSize, seed = 42): BenchScenario {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const randomDay = (y0: number, y1: number): string => day(int(y0, y1), int(1, 12), int(1, 28));
  const noisy = (t: string): string => (r() < 0.2 ? ` ${t.toUpperCase()} ` : r() < 0.2 ? t.toLowerCase() : t);

  const clients: Raw[] = [];
  const sites: Raw[] = [];
  const contracts: Raw[] = [];
  const recurringInvoices: Raw[] = [];
  let lineId = 1;
  for (let c = 1; c <= size.clients; c++) {
    clients.push({ id: c, name: `Client ${c}`, inactive: r() < 0.03 });
    sites.push({ id: c * 10 + 1, client_id: c, name: 'HQ' }, { id: c * 10 + 2, client_id: c, name: 'Branch' });
    const ids: number[] = [];
    for (let k = 0, n = int(1, 4); k < n; k++) {
      const id = c * 10 + k;
      ids.push(id);
      const endRoll = r();
      contracts.push({
        id,
        client_id: c,
        site_id: r() < 0.7 ? 0 : c * 10 + int(1, 2),
        ref: `C${id}`,
        contracttype_name: noisy(pick(CONTRACT_TYPES)),
        start_date: r() < 0.1 ? '1900-01-01T00:00:00' : randomDay(2022, 2027),
        end_date: endRoll < 0.4 ? '1900-01-01T00:00:00' : endRoll < 0.6 ? '2099-12-31T00:00:00' : randomDay(2025, 2029),
        active: r() < 0.95,
        expired: r() < 0.05,
      });
    }
    for (let k = 0, n = int(1, 2); k < n; k++) {
      const lines: Raw[] = [];
      for (let j = 0, m = int(1, 4); j < m; j++) {
        lines.push({
          id: lineId++,
          _itemid: int(1, ITEM_COUNT),
          qty_order: int(0, 30),
          isinactive: r() < 0.05,
          startdate: r() < 0.8 ? null : randomDay(2024, 2027),
          enddate: r() < 0.8 ? '1900-01-01T00:00:00' : randomDay(2025, 2028),
        });
      }
      recurringInvoices.push({
        id: -(c * 10 + k),
        client_id: c,
        site_id: r() < 0.8 ? 0 : c * 10 + int(1, 2),
        contract_id: r() < 0.5 ? 0 : pick(ids),
        disabled: r() < 0.05,
        lines,
      });
    }
  }
  const items = Array.from({ length: ITEM_COUNT }, (_, i) => ({ id: i + 1, name: `Item ${i + 1}` }));
  const tenants: Raw[] = [];
  for (let c = 1; c <= size.clients; c++) tenants.push({ id: `t${c}`, name: `Tenant ${c}`, haloClientId: c });
  for (let u = 0; u < size.unmappedTenants; u++) tenants.push({ id: `u${u}`, name: `Unmapped ${u}`, haloClientId: null });
  const computers: Raw[] = [];
  const kinds = ['workstation', 'workstation', 'workstation', 'portable', 'portable', 'server'];
  for (let i = 0; i < size.computers; i++) {
    const t = tenants[i % tenants.length];
    const client = t['haloClientId'] as number | null;
    const roll = r();
    computers.push({ id: `pc${i}`, tenantId: t['id'], haloSiteId: client === null || roll < 0.1 ? null : client * 10 + (roll < 0.6 ? 1 : 2), kind: pick(kinds) });
  }
  const deployments: Raw[] = [];
  const perKind = Math.floor(size.deployments / 5);
  const kindsList = ['all', 'tenant', 'computer', 'contractType', 'recurringItem'] as const;
  for (const kind of kindsList) {
    for (let k = 0; k < perKind; k++) {
      const id = `${kind}-${String(k).padStart(3, '0')}`;
      // "all" deployments are the baseline software set (and offboarding uninstalls); the rest mostly pin, except or bill.
      const software = kind === 'all' ? `sw${String(k % 10).padStart(2, '0')}` : `sw${String(int(0, 19)).padStart(2, '0')}`;
      const actionRoll = r();
      const action = kind === 'recurringItem' || kind === 'contractType' ? (actionRoll < 0.9 ? 'install' : 'uninstall') : actionRoll < 0.7 ? 'install' : actionRoll < 0.85 ? 'uninstall' : 'ignore';
      let target: Raw;
      if (kind === 'all') target = { kind };
      else if (kind === 'tenant') target = { kind, tenantId: pick(tenants)['id'] };
      else if (kind === 'computer') target = { kind, computerId: pick(computers)['id'] };
      else if (kind === 'contractType') target = { kind, contractTypes: Array.from({ length: int(1, 2) }, () => pick(CONTRACT_TYPES)) };
      else target = { kind, itemIds: Array.from({ length: int(1, 3) }, () => int(1, ITEM_COUNT)) };
      deployments.push({
        id,
        software,
        action,
        version: r() < 0.7 ? 'latest' : `1.${int(0, 9)}.0`,
        enforcement: pick(['required', 'onboarding', 'adhoc']),
        priority: pick([50, 100, 100, 200]),
        ...(r() < 0.3 ? { computerKinds: r() < 0.5 ? ['server'] : ['workstation', 'portable'] } : {}),
        target,
      });
    }
  }
  return { asOf: AS_OF, halo: { clients, sites, contracts, recurringInvoices, items }, tenants, computers, deployments };
}
