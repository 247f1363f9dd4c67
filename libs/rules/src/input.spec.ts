import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseResolutionInput, RulesInputError } from './input';

const scenario = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(__dirname, '../../../data/scenarios/precedence.json'), 'utf8')) as Record<string, unknown>;

type Doc = Record<string, unknown> & { halo: Record<string, unknown[]>; deployments: Record<string, unknown>[]; computers: Record<string, unknown>[]; tenants: Record<string, unknown>[] };

function errorOf(edit: (doc: Doc) => void): string {
  const doc = scenario() as Doc;
  edit(doc);
  try {
    parseResolutionInput(doc);
  } catch (err) {
    if (err instanceof RulesInputError) return err.message;
    throw err;
  }
  return 'accepted';
}

describe(parseResolutionInput.name, () => {
  it.each<[string, (d: Doc) => void, string]>([
    ['an unknown target kind', (d) => (d.deployments[3]['target'] = { kind: 'foo' }), 'deployments[3].target.kind: unknown kind "foo" (expected all, tenant, computer, contractType, recurringItem)'],
    ['an unknown action', (d) => (d.deployments[0]['action'] = 'remove'), 'deployments[0].action: unknown action "remove" (expected install, uninstall, ignore)'],
    ['a missing array', (d) => delete d.halo['contracts'], 'halo.contracts: missing array'],
    ['a duplicate deployment id', (d) => (d.deployments[1]['id'] = 'chrome-all'), 'deployments[1].id: duplicate deployment id "chrome-all" (first at deployments[0].id)'],
    ['a target naming an unknown tenant', (d) => (d.deployments[3]['target'] = { kind: 'tenant', tenantId: 'nope' }), 'deployments[3].target.tenantId: unknown tenant "nope"'],
    ['a target naming an unknown computer', (d) => (d.deployments[4]['target'] = { kind: 'computer', computerId: 'nope' }), 'deployments[4].target.computerId: unknown computer "nope"'],
    ['a computer naming an unknown tenant', (d) => (d.computers[2]['tenantId'] = 'ghost'), 'computers[2].tenantId: unknown tenant "ghost"'],
    ['an id that is not an integer', (d) => (d.halo['contracts'][0] as Record<string, unknown>)['id'] = 12.5, 'halo.contracts[0].id: expected an integer id, got 12.5'],
    ['a date that is no date', (d) => ((d.halo['contracts'][1] as Record<string, unknown>)['end_date'] = '2024-02-30'), 'halo.contracts[1].end_date: expected a date such as "2024-01-01T00:00:00Z", got "2024-02-30"'],
    ['a bad asOf', (d) => (d['asOf'] = '03/12/2026'), 'asOf: expected a date YYYY-MM-DD, got "03/12/2026"'],
    ['an empty computerKinds', (d) => (d.deployments[0]['computerKinds'] = []), 'deployments[0].computerKinds: must list at least one kind, or be left out for all kinds'],
    ['a fractional priority', (d) => (d.deployments[0]['priority'] = 1.5), 'deployments[0].priority: expected an integer, got 1.5'],
  ])('should name the place and the problem when the input has %s', (_label, edit, message) => {
    expect(errorOf(edit)).toBe(message);
  });

  it('should normalise ids given as doubles or numeric strings when Halo sends them so', () => {
    const doc = scenario() as Doc;
    (doc.halo['clients'][0] as Record<string, unknown>)['id'] = '12';
    (doc.halo['contracts'][0] as Record<string, unknown>)['client_id'] = 12.0;
    (doc.halo['sites'][0] as Record<string, unknown>)['client_id'] = ' 12.0 ';
    doc.tenants[0]['haloClientId'] = '12';
    const input = parseResolutionInput(doc);
    expect([input.halo.clients[0].id, input.halo.contracts[0].client_id, input.halo.sites[0].client_id, input.tenants[0].haloClientId]).toEqual([12, 12, 12, 12]);
  });

  it('should ignore unknown fields and apply defaults when optional fields are absent', () => {
    const doc = scenario() as Doc;
    (doc.halo['contracts'][0] as Record<string, unknown>)['newfield_2027'] = { anything: true };
    const input = parseResolutionInput(doc);
    expect(input.deployments.find((d) => d.id === 'chrome-all')).toMatchObject({ priority: 100, computerKinds: ['workstation', 'portable'], version: 'latest' });
    expect(input.deployments.find((d) => d.id === 'huntress-globex-off')?.version).toBeNull();
  });

  it('should expose path and problem separately when it refuses input', () => {
    const err = (() => {
      try {
        parseResolutionInput({ asOf: '2026-01-01' });
      } catch (e) {
        return e as RulesInputError;
      }
      return undefined;
    })();
    expect(err).toBeInstanceOf(RulesInputError);
    expect([err?.path, err?.problem]).toEqual(['halo', 'expected an object, got undefined']);
  });

  it('should take the asOf override when one is given', () => {
    expect(parseResolutionInput(scenario(), { asOf: '2030-01-01' }).asOf).toBe('2030-01-01');
  });
});
