import { createProjectGraphAsync } from '@nx/devkit';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..');

/** `npm run lint` must fail when a boundary of the design is broken; these probes are linted as if they were real files. */
describe('module boundaries', () => {
  beforeAll(async () => {
    // The Nx rule reads the project graph from Nx's cache; make sure it is there, as `nx lint` would.
    await createProjectGraphAsync({ exitOnError: false });
  });

  // The real ESLint CLI with the workspace's config, reading the probe from stdin as if it were `file`.
  const lint = async (file: string, code: string): Promise<string[]> => {
    const r = spawnSync(join(root, 'node_modules/.bin/eslint'), ['--stdin', '--stdin-filename', file, '--format', 'json'], { cwd: root, input: code, encoding: 'utf8' });
    const [result] = JSON.parse(r.stdout) as { messages: { ruleId: string | null; message: string }[] }[];
    return (result?.messages ?? []).filter((m) => m.ruleId === '@nx/enforce-module-boundaries').map((m) => m.message);
  };

  it.each([
    ['libs/rules', '@nestjs/common'],
    ['libs/rules', 'typeorm'],
    ['libs/domain', '@angular/core'],
    ['libs/domain', '@nestjs/core'],
  ])('should fail when %s imports %s', async (lib, pkg) => {
    const messages = await lint(`${lib}/src/probe.ts`, `import * as x from '${pkg}';\nexport const y = x;\n`);
    expect(messages).toEqual([expect.stringContaining(`is not allowed to import "${pkg}"`)]);
  });

  it('should fail when an app imports another app', async () => {
    const messages = await lint('apps/api/src/probe.ts', `import { startHaloSim } from '../../halo-sim/src/server';\nexport const y = startHaloSim;\n`);
    expect(messages.length).toBeGreaterThan(0);
  });

  it('should pass when an app imports a library through its public alias', async () => {
    expect(await lint('apps/api/src/probe.ts', `import { USER_ROLES } from '@entitle/domain';\nexport const y = USER_ROLES;\n`)).toEqual([]);
  });

  it('should pass when the resolver imports only the shared domain', async () => {
    expect(await lint('libs/rules/src/probe.ts', `import { USER_ROLES } from '@entitle/domain';\nexport const y = USER_ROLES;\n`)).toEqual([]);
  });
});
