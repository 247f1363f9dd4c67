// Spawns tools/rules-cli.ts as `npm run rules` does (through tsx) and checks exit codes and the one-line errors.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = join(__dirname, '../../..');
const tsx = join(repo, 'node_modules/.bin/tsx');

function cli(...args: string[]) {
  const r = spawnSync(tsx, ['tools/rules-cli.ts', ...args], { cwd: repo, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('rules CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'rules-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('should print the resolution as JSON and exit 0 when the scenario is valid', () => {
    const r = cli('resolve', 'data/scenarios/precedence.json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { computers: Record<string, { deploymentId: string }[]> };
    expect(out.computers['globex-pc2'].map((e) => e.deploymentId)).toEqual(['chrome-all', 'huntress-globex-pc2']);
  });

  it.each<[string, () => string[], RegExp]>([
    ['an unknown target kind', () => {
      const f = join(dir, 'bad-kind.json');
      writeFileSync(f, JSON.stringify({ asOf: '2026-12-03', halo: { clients: [], sites: [], contracts: [], recurringInvoices: [], items: [] }, tenants: [], computers: [],
        deployments: [{ id: 'a', software: 'x', action: 'install', enforcement: 'required', target: { kind: 'all' } }, { id: 'b', software: 'x', action: 'install', enforcement: 'required', target: { kind: 'foo' } }] }));
      return ['resolve', f];
    }, /^.*bad-kind\.json: deployments\[1\]\.target\.kind: unknown kind "foo" .*\n$/],
    ['invalid JSON', () => {
      const f = join(dir, 'broken.json');
      writeFileSync(f, '{ "asOf": ');
      return ['diff', 'data/scenarios/precedence.json', f];
    }, /^.*broken\.json: invalid JSON \(.*\)\n$/],
    ['an unreadable file', () => ['resolve', join(dir, 'missing.json')], /^.*missing\.json: cannot read \(ENOENT\)\n$/],
  ])('should exit 2 with one line naming the place and print nothing on stdout when given %s', (_label, args, line) => {
    const r = cli(...args());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(line);
  });
});
