import type { AuditEntry, AuditPage } from '@entitle/domain';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../../test/test-app';

describe('Audit log', () => {
  let t: TestApp;
  let cookie: string;

  const list = async (query = ''): Promise<AuditPage> => {
    const res = await t.http(`/api/v1/audit${query}`, { cookie });
    expect(res.status).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    t = await startTestApp();
    await t.http('/api/v1/auth/login', { method: 'POST', json: { email: ADMIN_EMAIL, password: 'not it' }, headers: { 'user-agent': 'audit-test' } });
    cookie = await t.signIn();
  });
  afterAll(() => t.close());

  it('should record a failed sign-in with the e-mail tried, and a successful one with who signed in', async () => {
    const { items } = await list('?action=auth.login');
    const [ok, failed] = items;
    expect(ok).toEqual(expect.objectContaining({ action: 'auth.login', status: 200, method: 'POST', path: '/api/v1/auth/login', actor: { id: expect.any(String), email: ADMIN_EMAIL } }));
    expect(failed).toEqual(expect.objectContaining({ action: 'auth.login', status: 401, actor: null, details: { email: ADMIN_EMAIL }, userAgent: 'audit-test' }));
    expect(failed!.ip).toMatch(/127\.0\.0\.1/);
    expect(Date.parse(failed!.at)).toBeLessThanOrEqual(Date.parse(ok!.at));
  });

  it('should record state-changing requests with who, what, when and from where, but not reads', async () => {
    await t.http('/api/v1/users', { cookie });
    const res = await t.http('/api/v1/users', { method: 'POST', cookie, json: { email: 'new@msp.example', password: 'a-long-password-1', role: 'technician' }, headers: { 'x-request-id': 'req-create-user-1' } });
    expect(res.status).toBe(201);
    const { items } = await list();
    expect(items[0]).toEqual(expect.objectContaining({ action: 'user.create', status: 201, actor: { id: expect.any(String), email: ADMIN_EMAIL }, requestId: 'req-create-user-1' }));
    expect(items.some((e: AuditEntry) => e.method === 'GET')).toBe(false);
  });

  it('should record rejected writes too, and never store a password', async () => {
    await t.http('/api/v1/users', { method: 'POST', cookie, json: { email: 'bad', password: 'hunter2-secret', role: 'admin' } });
    await t.http('/api/v1/users', { method: 'POST', json: { email: 'anon@msp.example', password: 'another-secret-1', role: 'admin' } });
    const { items } = await list();
    expect(items[0]).toEqual(expect.objectContaining({ method: 'POST', path: '/api/v1/users', status: 401, actor: null }));
    expect(items[1]).toEqual(expect.objectContaining({ action: 'user.create', status: 400 }));
    const everything = JSON.stringify((await list('?limit=500')).items);
    expect(everything).not.toContain('hunter2-secret');
    expect(everything).not.toContain(ADMIN_PASSWORD);
  });

  it('should page from newest to oldest without gaps or repeats', async () => {
    for (let i = 0; i < 5; i++) await t.http('/api/v1/auth/tokens', { method: 'POST', cookie, json: { name: `t${i}` } });
    const all = (await list('?limit=500')).items.map((e) => e.id);
    const seen: string[] = [];
    let before: string | null = null;
    do {
      const page: AuditPage = await list(`?limit=3${before ? `&before=${before}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((e) => e.id));
      before = page.nextBefore;
    } while (before);
    expect(seen).toEqual(all);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=abc', 'limit'],
    ['before=drop%20table', 'before'],
    ['colour=red', 'colour'],
  ])('should answer 400 naming the field when the query is %s', async (query, field) => {
    const res = await t.http(`/api/v1/audit?${query}`, { cookie });
    expect(res.status).toBe(400);
    expect((await res.json()).errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('should survive an API restart: the log is in Postgres', async () => {
    const before = (await list('?limit=500')).items.length;
    await t.app.close();
    const { createApp } = await import('../app.factory');
    const { loadConfig } = await import('../config/app-config');
    const app = await createApp(loadConfig({ DATABASE_URL: t.db.url, ENTITLE_SECRET_KEY: Buffer.alloc(32, 1).toString('base64'), LOG_LEVEL: 'silent', ENTITLE_CRON_ENABLED: 'false' }));
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    const login = await fetch(`http://127.0.0.1:${port}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ADMIN_EMAIL, password: ADMIN_PASSWORD }) });
    expect(login.status).toBe(200);
    const c = login.headers.get('set-cookie')!.split(';')[0]!;
    const page = await (await fetch(`http://127.0.0.1:${port}/api/v1/audit?limit=500`, { headers: { cookie: c } })).json();
    expect(page.items.length).toBe(before + 1);
    t.app = app;
  });
});
