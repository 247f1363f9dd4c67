import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..', '..');

describe('gen-halo-types', () => {
  it('should match a fresh generation when the committed halo-openapi.ts is checked', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'tools', 'gen-halo-types.mjs'), '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('halo-openapi.ts is up to date');
    expect(result.status).toBe(0);
  });
});
