import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase, TestDatabase } from './database';
import { run } from './process';

const repo = join(__dirname, '../../..');
const entrypoint = join(repo, 'docker/entrypoint.sh');

describe('docker/entrypoint.sh run as a plain process', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    if (!existsSync(join(repo, 'dist/apps/api/apps/api/src/main.js'))) throw new Error('build the API first (npx nx build api); the test target depends on it');
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(() => db.drop());

  it('should migrate an empty database, then serve a healthy API, and stop cleanly on SIGTERM', async () => {
    const p = run('sh', [entrypoint], {
      env: { PATH: process.env['PATH'], ENTITLE_APP_DIR: repo, DATABASE_URL: db.url, ENTITLE_SECRET_KEY: randomBytes(32).toString('base64'), PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    });
    try {
      const [, url] = await p.waitFor(/Entitle is running at (\S+)/);
      expect(p.output()).toMatch(/applied Identity\d+/);
      const health = await (await fetch(`${url}/api/v1/health`)).json();
      expect(health).toEqual(expect.objectContaining({ status: 'ok', database: expect.objectContaining({ status: 'up' }) }));
      // First start without ENTITLE_ADMIN_*: a random admin password is printed once.
      const [, password] = p.output().match(/admin password: (\S+)/) ?? [];
      expect(password).toBeDefined();
      const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@entitle.local', password }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const me = await fetch(`${url}/api/v1/auth/me`, { headers: { cookie, 'x-request-id': 'entrypoint-me-1' } });
      expect(me.status).toBe(200);

      // JSON logs with the request id; neither the password nor the session cookie in any line.
      await p.waitFor(/"entrypoint-me-1"/);
      const logLine = p.output().split('\n').find((l) => l.includes('"entrypoint-me-1"'))!;
      expect(JSON.parse(logLine)).toEqual(expect.objectContaining({ level: 30, req: expect.objectContaining({ id: 'entrypoint-me-1', method: 'GET', url: '/api/v1/auth/me' }) }));
      const logs = p.output().replace(/^.*admin password: .*$/m, '');
      expect(logs).not.toContain(password!);
      expect(logs).not.toContain(cookie.split('=')[1]!);
    } finally {
      expect(await p.stop()).toBe(0);
    }
    const c = new Client({ connectionString: db.url });
    await c.connect();
    const { rows } = await c.query('SELECT name FROM migrations');
    await c.end();
    expect(rows.length).toBeGreaterThan(0);
  });

  it('should refuse to start, listing every bad key, when the configuration is wrong', async () => {
    const p = run('sh', [entrypoint], { env: { PATH: process.env['PATH'], ENTITLE_APP_DIR: repo, DATABASE_URL: db.url, ENTITLE_SECRET_KEY: 'too-short', PORT: 'http' } });
    const code = await new Promise<number | null>((done) => p.child.on('exit', done));
    expect(code).toBe(78);
    expect(p.output()).toContain('ENTITLE_SECRET_KEY: must decode to exactly 32 bytes');
    expect(p.output()).toContain('PORT: must be an integer');
  });

  it('should refuse to start without DATABASE_URL', async () => {
    const p = run('sh', [entrypoint], { env: { PATH: process.env['PATH'], ENTITLE_APP_DIR: repo } });
    const code = await new Promise<number | null>((done) => p.child.on('exit', done));
    expect(code).toBe(78);
    expect(p.output()).toContain('DATABASE_URL: required');
  });
});
