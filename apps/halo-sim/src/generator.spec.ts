import { generateHaloData, ITEM_CATALOGUE } from './generator';
import { HaloData, NO_DATE } from './model';

describe(generateHaloData.name, () => {
  const options = { seed: 7, clients: 200, asOf: '2026-12-04' };
  let data: HaloData;

  beforeAll(() => {
    data = generateHaloData(options);
  });

  it('should produce identical data when the seed and inputs are the same', () => {
    expect(JSON.stringify(generateHaloData(options))).toBe(JSON.stringify(data));
  });

  it('should produce different data when the seed differs', () => {
    expect(JSON.stringify(generateHaloData({ ...options, seed: 8 }))).not.toBe(JSON.stringify(data));
  });

  it('should link every record to records that exist when generated', () => {
    const clients = new Set(data.clients.map((c) => c.id));
    const sites = new Map(data.sites.map((s) => [s.id, s]));
    const assets = new Set(data.assets.map((a) => a.id));
    const items = new Set(data.items.map((i) => i.id));
    const contracts = new Map(data.contracts.map((c) => [c.id, c]));
    expect(data.sites.every((s) => clients.has(Number(s.client_id)))).toBe(true);
    expect(data.users.every((u) => sites.get(Number(u.site_id))?.client_id === u.client_id)).toBe(true);
    expect(data.assets.every((a) => sites.get(Number(a.site_id))?.client_id === a.client_id)).toBe(true);
    expect(data.contracts.every((c) => clients.has(Number(c.client_id)) && (c.site_id === 0 || sites.get(Number(c.site_id))?.client_id === c.client_id))).toBe(true);
    expect(data.invoices.every((i) => i.id < 0 && (i.contract_id === 0 || contracts.get(Number(i.contract_id))?.client_id === i.client_id))).toBe(true);
    const lines = data.invoices.flatMap((i) => i.lines as { _itemid: number; ihid: number }[]);
    expect(lines.every((l) => items.has(l._itemid))).toBe(true);
    expect(data.tickets.every((t) => (t.assets as { id: number }[]).every((a) => assets.has(a.id)))).toBe(true);
  });

  it.each([
    ['inactive clients', (d: HaloData) => d.clients.filter((c) => c.inactive === true).length],
    ['site-scoped contracts', (d: HaloData) => d.contracts.filter((c) => Number(c.site_id) > 0).length],
    ['expired contracts', (d: HaloData) => d.contracts.filter((c) => c.expired === true).length],
    ['contracts starting later', (d: HaloData) => d.contracts.filter((c) => c.started === false).length],
    ['inactive contracts', (d: HaloData) => d.contracts.filter((c) => c.active === false).length],
    ['contracts with no end date', (d: HaloData) => d.contracts.filter((c) => c.end_date === NO_DATE).length],
    ['disabled invoices', (d: HaloData) => d.invoices.filter((i) => i.disabled === true).length],
    ['invoices without a contract', (d: HaloData) => d.invoices.filter((i) => i.contract_id === 0).length],
    ['inactive lines', (d: HaloData) => d.invoices.flatMap((i) => i.lines as { isinactive: boolean }[]).filter((l) => l.isinactive).length],
    ['zero-quantity lines', (d: HaloData) => d.invoices.flatMap((i) => i.lines as { qty_order: number }[]).filter((l) => l.qty_order === 0).length],
    ['future lines', (d: HaloData) => d.invoices.flatMap((i) => i.lines as { startdate: string }[]).filter((l) => l.startdate > '2026-12-04').length],
    ['tickets linked to assets', (d: HaloData) => d.tickets.filter((t) => (t.assets as unknown[]).length > 0).length],
  ])('should include %s when 200 clients are generated', (_name, count) => {
    expect(count(data)).toBeGreaterThan(0);
  });

  it('should sell security and backup products on recurring lines when generated', () => {
    const sold = new Set(data.invoices.flatMap((i) => (i.lines as { _itemid: number }[]).map((l) => l._itemid)));
    for (const name of ['SentinelOne Core', 'Huntress MDR', 'Datto Backup', 'Acronis Cyber Protect']) {
      expect(sold).toContain(ITEM_CATALOGUE.find((i) => i.name === name)!.id);
    }
  });

  it('should average about 20 assets and 10 recurring lines per client when generated', () => {
    const lines = data.invoices.reduce((n, i) => n + (i.lines as unknown[]).length, 0);
    expect(data.assets.length / data.clients.length).toBeGreaterThan(17);
    expect(data.assets.length / data.clients.length).toBeLessThan(23);
    expect(lines / data.clients.length).toBeGreaterThan(8);
    expect(lines / data.clients.length).toBeLessThan(12);
  });
});
