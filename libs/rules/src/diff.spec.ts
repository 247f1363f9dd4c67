import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffResolutions } from './diff';
import { parseResolutionInput } from './input';

type Doc = { halo: Record<string, Record<string, unknown>[]>; tenants: Record<string, unknown>[]; computers: Record<string, unknown>[]; deployments: Record<string, unknown>[] } & Record<string, unknown>;
const load = (name: string): Doc => JSON.parse(readFileSync(join(__dirname, `../../../data/scenarios/${name}.json`), 'utf8')) as Doc;

function diff(name: string, edit: (d: Doc) => void) {
  const after = load(name);
  edit(after);
  return diffResolutions(parseResolutionInput(load(name)), parseResolutionInput(after));
}

const changesOf = (d: ReturnType<typeof diff>, side: 'gained' | 'lost') =>
  d.deployments.flatMap((x) => x[side].map((c) => `${x.deploymentId} ${c.computerId} ${c.cause}`));

describe(diffResolutions.name, () => {
  it('should report nothing when the snapshot did not change', () => {
    expect(diff('recurring-item', () => undefined)).toMatchObject({ gained: 0, lost: 0, deployments: [] });
  });

  it.each<[string, string, (d: Doc) => void, string[]]>([
    ['contract ended', 'contract-type', (d) => (d.halo['contracts'][0]['end_date'] = '2026-12-01T00:00:00Z'), ['huntress-msc acme-lt1 contract-ended', 'huntress-msc acme-pc1 contract-ended', 'huntress-msc acme-srv1 contract-ended']],
    ['contract made inactive', 'contract-type', (d) => (d.halo['contracts'][1]['active'] = false), ['huntress-msc globex-lab1 contract-inactive']],
    ['client deactivated', 'contract-type', (d) => (d.halo['clients'][1]['inactive'] = true), ['huntress-msc globex-lab1 client-inactive']],
    ['client removed', 'contract-type', (d) => d.halo['clients'].splice(1, 1), ['huntress-msc globex-lab1 client-removed']],
    ['tenant unmapped', 'contract-type', (d) => (d.tenants[1]['haloClientId'] = null), ['huntress-msc globex-lab1 tenant-unmapped']],
    ['mapping changed', 'contract-type', (d) => (d.tenants[1]['haloClientId'] = 21), ['huntress-msc globex-lab1 mapping-changed']],
    ['contract type renamed', 'contract-type', (d) => (d.halo['contracts'][1]['contracttype_name'] = 'Backup'), ['huntress-msc globex-lab1 contract-type-changed']],
    ['computer moved site', 'contract-type', (d) => (d.computers[4]['haloSiteId'] = 40), ['huntress-msc globex-lab1 site-changed']],
    ['computer removed', 'contract-type', (d) => d.computers.splice(4, 1), ['huntress-msc globex-lab1 computer-removed']],
    ['line removed', 'recurring-item', (d) => (d.halo['recurringInvoices'][1]['lines'] as unknown[]).shift(), ['s1-core globex-lab1 line-removed']],
    ['line made inactive', 'recurring-item', (d) => ((d.halo['recurringInvoices'][1]['lines'] as Record<string, unknown>[])[0]['isinactive'] = true), ['s1-core globex-lab1 line-inactive']],
    ['line ended', 'recurring-item', (d) => ((d.halo['recurringInvoices'][1]['lines'] as Record<string, unknown>[])[0]['enddate'] = '2026-12-02T00:00:00Z'), ['s1-core globex-lab1 line-ended']],
    ['invoice disabled', 'recurring-item', (d) => (d.halo['recurringInvoices'][1]['disabled'] = true), ['s1-core globex-lab1 invoice-disabled']],
    ['invoice removed', 'recurring-item', (d) => d.halo['recurringInvoices'].splice(1, 1), ['s1-core globex-lab1 invoice-removed']],
    ['bound contract ended', 'recurring-item', (d) => (d.halo['contracts'][0]['expired'] = true), ['backup acme-pc1 contract-ended', 'backup acme-pc2 contract-ended', 'backup acme-pc3 contract-ended', 's1-core acme-pc1 contract-ended', 's1-core acme-pc2 contract-ended', 's1-core acme-pc3 contract-ended']],
    ['a tenant deployment now shadows', 'precedence', (d) => d.deployments.push({ id: 'huntress-acme-off', software: 'huntress', action: 'uninstall', enforcement: 'required', target: { kind: 'tenant', tenantId: 'acme' } }), ['huntress-msc acme-kiosk shadowed-by', 'huntress-msc acme-pc1 shadowed-by', 'huntress-msc acme-srv1 shadowed-by']],
  ])('should explain a loss when the %s', (_label, name, edit, lost) => {
    const d = diff(name, edit);
    expect(changesOf(d, 'lost')).toEqual(lost);
  });

  it.each<[string, string, (d: Doc) => void, string[]]>([
    ['contract starts', 'contract-type', (d) => (d.halo['contracts'][4]['start_date'] = '2026-12-01T00:00:00Z'), ['huntress-msc umbrella-pc1 contract-started']],
    ['client is reactivated', 'contract-type', (d) => (d.halo['clients'][2]['inactive'] = false), ['huntress-msc initech-pc1 client-reactivated']],
    ['tenant is mapped', 'contract-type', (d) => (d.tenants[4]['haloClientId'] = 12), ['huntress-msc hooli-pc1 tenant-mapped']],
    ['line is added', 'recurring-item', (d) => (d.halo['recurringInvoices'][4]['lines'] as Record<string, unknown>[]).push({ id: 9999, _itemid: 77, qty_order: 3 }), ['s1-core stark-pc1 line-added']],
    ['shadowing deployment is removed', 'precedence', (d) => d.deployments.splice(3, 1), ['huntress-msc globex-pc1 unshadowed']],
  ])('should explain a gain when the %s', (_label, name, edit, gained) => {
    const d = diff(name, edit);
    expect(changesOf(d, 'gained')).toEqual(gained);
  });

  it('should say in words which contract ended and when', () => {
    const d = diff('contract-type', (x) => (x.halo['contracts'][1]['end_date'] = '2026-12-02T00:00:00Z'));
    expect(d.deployments[0].lost[0].text).toBe('contract MSC-GLOBEX-LAB (managed security) ended on 2026-12-02');
  });
});
