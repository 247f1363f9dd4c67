import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseResolutionInput, type ResolutionInput } from './input';
import { createResolver, resolve, Resolver, type Resolution, type ResolvedEntry } from './resolver';
import { clientDataArb, dayOffset, scenarioArb, type RawScenario } from '../test/scenario-arbitrary';

const scenarios = join(__dirname, '../../../data/scenarios');
const load = (file: string): unknown => JSON.parse(readFileSync(join(scenarios, file), 'utf8'));
const parse = (raw: RawScenario): ResolutionInput => parseResolutionInput(JSON.parse(JSON.stringify(raw)));

/** What data/scenarios/README.md compares: reason left out, version only for install. */
function comparable(r: Resolution): unknown {
  const norm = (e: ResolvedEntry) => ({ ...e, reason: undefined, version: e.action === 'install' ? e.version : undefined });
  return {
    asOf: r.asOf,
    computers: Object.fromEntries(Object.entries(r.computers).map(([id, list]) => [id, list.map(norm)])),
    reconciliation: r.reconciliation.map(({ deploymentId, haloClientId, billed, covered }) => ({ deploymentId, haloClientId, billed, covered })),
  };
}

describe(Resolver.name, () => {
  describe('worked scenarios', () => {
    const names = readdirSync(scenarios).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'));

    it('should find the worked scenarios', () => {
      expect(names.length).toBeGreaterThanOrEqual(3);
    });

    it.each(names)('should print exactly the expected resolution when resolving %s', (name) => {
      const expected = load(name.replace('.json', '.expected.json')) as Resolution;
      const got = resolve(parseResolutionInput(load(name)));
      expect(comparable(got)).toEqual(comparable({ ...expected, reconciliation: expected.reconciliation }));
    });

    it('should name the contract, its dates and the client in the reason when a contract covers a computer', () => {
      const got = resolve(parseResolutionInput(load('contract-type.json')));
      const reason = got.computers['acme-pc1'][0].reason;
      expect(reason).toMatchObject({ kind: 'contractType', haloClientId: 12, contractIds: [501] });
      expect(reason.text).toBe('Halo client Acme Ltd (12) has contract MSC-ACME (Managed Security) in force since 2024-01-01, no end date');
      // 2099 is Halo's "unlimited" (R1), and the site scope is named.
      expect(got.computers['globex-lab1'][0].reason.text).toContain('since 2025-06-01, no end date, for site Lab (41)');
    });

    it('should name the invoice and line in the reason when a recurring line covers a computer', () => {
      const got = resolve(parseResolutionInput(load('recurring-item.json')));
      const reason = got.computers['globex-lab1'][0].reason;
      expect(reason).toMatchObject({ kind: 'recurringItem', recurringInvoiceIds: [-152], lineIds: [9003] });
      expect(reason.text).toContain('recurring invoice -152 line 9003');
      expect(got.reconciliation.find((r) => r.haloClientId === 12 && r.deploymentId === 's1-core')?.text).toBe(
        'you bill Acme Ltd for 2 SentinelOne Core and deployment s1-core covers 3 computers',
      );
    });
  });

  describe('properties', () => {
    // About a third of generated scenarios have contract or recurring coverage; 300 runs keep that well exercised.
    const runs = { numRuns: 300, seed: 20261203 };

    it('should give one winner per computer and software, sorted by software, for every input computer', () => {
      fc.assert(
        fc.property(scenarioArb, (raw) => {
          const input = parse(raw);
          const got = resolve(input);
          expect(Object.keys(got.computers)).toEqual(input.computers.map((c) => c.id));
          for (const list of Object.values(got.computers)) {
            const software = list.map((e) => e.software);
            expect(new Set(software).size).toBe(software.length);
            expect([...software].sort()).toEqual(software);
            for (const e of list) expect(e.shadowed).not.toContain(e.deploymentId);
          }
        }),
        runs,
      );
    });

    it('should change nothing when a deployment that covers nothing is added', () => {
      fc.assert(
        fc.property(scenarioArb, fc.constantFrom('contractType', 'recurringItem'), (raw, kind) => {
          const before = resolve(parse(raw));
          const target = kind === 'contractType' ? { kind, contractTypes: ['No Such Type'] } : { kind, itemIds: [4242] };
          const with1 = { ...raw, deployments: [...raw.deployments, { id: 'zz-nothing', software: 'huntress', action: 'install', enforcement: 'required', target }] };
          expect(resolve(parse(with1))).toEqual(before);
        }),
        runs,
      );
    });

    it('should let a computer-targeted deployment beat every other deployment of that software when added', () => {
      fc.assert(
        fc.property(scenarioArb.filter((r) => r.computers.length > 0), fc.nat(), fc.constantFrom('huntress', 'chrome'), (raw, pick, software) => {
          const pc = raw.computers[pick % raw.computers.length].id;
          const before = resolve(parse(raw)).computers[pc].find((e) => e.software === software);
          // Worst possible priority: specificity must still win (R8).
          const dep = { id: 'zz-pin', software, action: 'ignore', enforcement: 'required', priority: 100000, target: { kind: 'computer', computerId: pc } };
          const after = resolve(parse({ ...raw, deployments: [...raw.deployments, dep] })).computers[pc].find((e) => e.software === software);
          expect(after?.deploymentId === 'zz-pin' || after?.reason.kind === 'computer').toBe(true);
          const competitors = before ? [before.deploymentId, ...before.shadowed] : [];
          for (const id of competitors) expect([after?.deploymentId, ...(after?.shadowed ?? [])]).toContain(id);
        }),
        runs,
      );
    });

    it.each([
      ['start on asOf', dayOffset(0), null, true],
      ['start the day after asOf', dayOffset(1), null, false],
      ['end on asOf', null, dayOffset(0), true],
      ['end the day before asOf', null, dayOffset(-1), false],
      ['start and end on asOf', dayOffset(0), dayOffset(0), true],
      ['end at 23:59 on asOf', null, '2026-12-03T23:59:59', true],
      ['start late on asOf in a zone west of UTC (next UTC day)', '2026-12-03T20:00:00-05:00', null, false],
    ])('should cover a computer only when the contract is in force, when its dates %s', (_label, start, end, covered) => {
      const input = parseResolutionInput({
        asOf: '2026-12-03',
        halo: {
          clients: [{ id: 1, name: 'A', inactive: false }],
          sites: [],
          contracts: [{ id: 10, client_id: 1, site_id: 0, ref: 'X', contracttype_name: 'Managed Security', start_date: start, end_date: end, active: true, expired: false }],
          recurringInvoices: [],
          items: [],
        },
        tenants: [{ id: 'a', name: 'A', haloClientId: 1 }],
        computers: [{ id: 'pc', tenantId: 'a', kind: 'workstation' }],
        deployments: [{ id: 'd', software: 'h', action: 'install', enforcement: 'required', target: { kind: 'contractType', contractTypes: ['Managed Security'] } }],
      });
      expect(resolve(input).computers['pc'].length).toBe(covered ? 1 : 0);
    });

    it('should treat dates exactly on a start or end day as in force when generated around asOf', () => {
      fc.assert(
        fc.property(fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 }), fc.integer({ min: -3, max: 3 }), (s, e, asOfShift) => {
          const asOf = dayOffset(asOfShift).slice(0, 10);
          const input = parseResolutionInput({
            asOf,
            halo: {
              clients: [{ id: 1, name: 'A' }],
              sites: [],
              contracts: [],
              recurringInvoices: [{ id: -1, client_id: 1, lines: [{ id: 1, _itemid: 7, qty_order: 1, startdate: dayOffset(s), enddate: dayOffset(e) }] }],
              items: [],
            },
            tenants: [{ id: 'a', name: 'A', haloClientId: 1 }],
            computers: [{ id: 'pc', tenantId: 'a', kind: 'server' }],
            deployments: [{ id: 'd', software: 'x', action: 'install', enforcement: 'required', target: { kind: 'recurringItem', itemIds: [7] } }],
          });
          expect(resolve(input).computers['pc'].length).toBe(s <= asOfShift && asOfShift <= e ? 1 : 0);
        }),
        { numRuns: 200, seed: 7 },
      );
    });

    it('should resolve the same when contract type names differ only in case and spacing', () => {
      const mangle = fc.array(fc.tuple(fc.boolean(), fc.constantFrom('', ' ', '  ', '\t')), { minLength: 1, maxLength: 8 });
      fc.assert(
        fc.property(scenarioArb, mangle, (raw, noise) => {
          const twisted: RawScenario = JSON.parse(JSON.stringify(raw));
          twisted.halo.contracts.forEach((c, i) => {
            const [upper, pad] = noise[i % noise.length];
            const name = String(c['contracttype_name']);
            c['contracttype_name'] = `${pad}${upper ? name.toUpperCase() : name.toLowerCase()}${pad}`.replace(' ', ` ${pad}`);
          });
          expect(comparable(resolve(parse(twisted)))).toEqual(comparable(resolve(parse(raw))));
        }),
        runs,
      );
    });

    it('should never cover a computer of an unmapped tenant by a contract or recurring target', () => {
      fc.assert(
        fc.property(scenarioArb, (raw) => {
          const input = parse(raw);
          const billingDriven = new Set(input.deployments.filter((d) => d.target.kind === 'contractType' || d.target.kind === 'recurringItem').map((d) => d.id));
          const got = resolve(input);
          for (const c of input.computers) {
            if (input.tenants.find((t) => t.id === c.tenantId)?.haloClientId !== null) continue;
            for (const e of got.computers[c.id]) {
              expect(billingDriven.has(e.deploymentId)).toBe(false);
              for (const s of e.shadowed) expect(billingDriven.has(s)).toBe(false);
            }
          }
        }),
        runs,
      );
    });

    it('should equal a full resolution when one client is re-resolved incrementally', () => {
      const arb = scenarioArb.chain((raw) =>
        fc.record({
          raw: fc.constant(raw),
          clientId: fc.constantFrom(...raw.halo.clients.map((c) => c.id)),
          removeClient: fc.constantFrom(false, false, false, true),
        }).chain((x) => clientDataArb(x.clientId).map((data) => ({ ...x, data }))),
      );
      fc.assert(
        fc.property(arb, ({ raw, clientId, removeClient, data }) => {
          const resolver = createResolver(parse(raw));
          resolver.resolveAll();
          const client = removeClient ? null : { id: clientId, name: `Client ${clientId}`, inactive: data.inactive };
          const sites = raw.halo.sites.filter((s) => s.client_id === clientId);
          const touched = resolver.replaceClientData(clientId, { client, sites, contracts: data.contracts, recurringInvoices: data.recurringInvoices });
          const mappedTenants = new Set(raw.tenants.filter((t) => t.haloClientId === clientId).map((t) => t.id));
          expect(touched.sort()).toEqual(raw.computers.filter((c) => mappedTenants.has(c.tenantId)).map((c) => c.id).sort());

          const full: RawScenario = JSON.parse(JSON.stringify(raw));
          full.halo.clients = raw.halo.clients.filter((c) => c.id !== clientId).concat(client ? [client] : []);
          full.halo.contracts = raw.halo.contracts.filter((c) => c['client_id'] !== clientId).concat(data.contracts);
          full.halo.recurringInvoices = raw.halo.recurringInvoices.filter((c) => c['client_id'] !== clientId).concat(data.recurringInvoices);
          expect(resolver.resolveAll()).toEqual(resolve(parse(full)));
        }),
        runs,
      );
    });
  });

  describe('incremental update', () => {
    const base = () => parseResolutionInput(load('recurring-item.json'));

    it('should refuse data of another client and change nothing when replaceClientData gets it', () => {
      const r = createResolver(base());
      const before = JSON.stringify(r.resolveAll());
      expect(() => r.replaceClientData(12, { client: { id: 12, name: 'Acme' }, contracts: [{ id: 1, client_id: 15 }] })).toThrow('contracts[0].client_id: belongs to client 15, not 12');
      expect(() => r.replaceClientData(12, { client: { id: 12, name: 'Acme' }, contracts: [{ id: 602, client_id: 12 }] })).toThrow('already held by client 21');
      expect(JSON.stringify(r.resolveAll())).toBe(before);
    });

    it('should drop coverage and billing when the client disappears from Halo', () => {
      const r = createResolver(base());
      r.resolveAll();
      expect(r.replaceClientData(12, {})).toEqual(['acme-pc1', 'acme-pc2', 'acme-pc3']);
      expect(r.resolveComputer('acme-pc1')).toEqual([]);
      expect(r.reconciliation().map((x) => x.haloClientId)).toEqual([15]);
    });
  });
});
