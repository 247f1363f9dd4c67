import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TestDatabase } from './database';
import { run } from './process';

const repo = join(__dirname, '../../..');

/**
 * `npm start` as a new user runs it: embedded Postgres in the data folder (or DATABASE_URL when the run has one),
 * migrations, the API. A second start must keep the users and the audit log.
 */
describe('npm start (tools/start.mjs)', () => {
  let dataDir: string;
  let webDir: string;
  let db: TestDatabase | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'entitle-start-'));
    chmodSync(dataDir, 0o755);
    webDir = join(dataDir, 'web');
    mkdirSync(webDir);
    writeFileSync(join(webDir, 'index.html'), '<!doctype html><title>Entitle</title>');
    if (process.env['DATABASE_URL']) db = await createTestDatabase({ migrate: false });
  });
  afterAll(() => db?.drop());

  const start = () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ENTITLE_NO_BUILD: '1', ENTITLE_DATA_DIR: dataDir, ENTITLE_WEB_DIR: webDir, PORT: '0', LOG_LEVEL: 'warn' };
    delete env['ENTITLE_ADMIN_EMAIL'];
    delete env['ENTITLE_ADMIN_PASSWORD'];
    if (db) env['DATABASE_URL'] = db.url;
    else delete env['DATABASE_URL'];
    return run(process.execPath, [join(repo, 'tools/start.mjs')], { cwd: repo, env });
  };

  it('should keep the admin and the audit log across a restart', async () => {
    const first = start();
    let password: string;
    try {
      const [, url] = await first.waitFor(/Open (\S+) and sign in/, 90_000);
      password = /admin password: (\S+)/.exec(first.output())![1]!;
      const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@entitle.local', password }) });
      expect(login.status).toBe(200);
      expect(await (await fetch(url)).text()).toContain('<title>Entitle</title>');
      // The agent an admin downloads onto computers is served by the same start.
      const agent = await fetch(`${url}/api/v1/agent/download`);
      expect(agent.status).toBe(200);
      expect((await agent.text()).startsWith('#!/usr/bin/env node')).toBe(true);
    } finally {
      await first.stop();
    }

    const second = start();
    try {
      const [, url] = await second.waitFor(/Open (\S+) and sign in/, 90_000);
      expect(second.output()).not.toContain('admin password:');
      const login = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'admin@entitle.local', password }) });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
      const audit = await (await fetch(`${url}/api/v1/audit?action=auth.login`, { headers: { cookie } })).json();
      expect(audit.items).toHaveLength(2);
    } finally {
      await second.stop();
    }
  });
});
