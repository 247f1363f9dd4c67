import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

describe('halo-sim CLI', () => {
  it('should print one listening line, serve, and exit 0 when sent SIGTERM', async () => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['apps/halo-sim/src/main.ts', '--port', '0', '--seed', '3', '--clients', '5',
      '--client-id', 'ID', '--client-secret', 'SECRET', '--scopes', 'read:customers', '--report-db', 'lazy'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = createInterface({ input: child.stdout! });
    const first = await new Promise<string>((resolve) => lines.once('line', resolve));
    expect(first).toMatch(/^halo-sim listening on http:\/\/127\.0\.0\.1:\d+$/);
    const url = first.replace('halo-sim listening on ', '');
    const res = await fetch(`${url}/auth/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'ID', client_secret: 'SECRET', scope: 'all' }) });
    const { access_token: token, scope } = (await res.json()) as { access_token: string; scope: string };
    expect(scope).toBe('read:customers');
    const clients = (await (await fetch(`${url}/api/Client?includeinactive=true`, { headers: { authorization: `Bearer ${token}` } })).json()) as { record_count: number };
    expect(clients.record_count).toBe(5);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);

  it('should exit 2 naming the flag when a flag is unknown', async () => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['apps/halo-sim/src/main.ts', '--colour', 'red'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('unknown flag --colour');
  }, 30_000);
});
