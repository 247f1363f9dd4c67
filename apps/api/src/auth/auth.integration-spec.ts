import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestApp, TestApp } from '../../test/test-app';

const TECH = { email: 'tech@msp.example', password: 'technician-password-1', role: 'technician' };

describe('Sign-in, sessions, roles and API tokens', () => {
  let t: TestApp;
  let adminCookie: string;

  beforeAll(async () => {
    t = await startTestApp();
    adminCookie = await t.signIn();
    const res = await t.http('/api/v1/users', { method: 'POST', cookie: adminCookie, json: TECH });
    expect(res.status).toBe(201);
  });
  afterAll(() => t.close());

  it('should answer 401 invalid_credentials when the password is wrong', async () => {
    const res = await t.http('/api/v1/auth/login', { method: 'POST', json: { email: ADMIN_EMAIL, password: 'wrong' } });
    expect(res.status).toBe(401);
    const body = await res.json();
    expect(body.code).toBe('invalid_credentials');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('should answer 401 the same way when the e-mail is unknown', async () => {
    const res = await t.http('/api/v1/auth/login', { method: 'POST', json: { email: 'nobody@msp.example', password: 'x' } });
    expect(res.status).toBe(401);
    expect((await res.json()).message).toBe('wrong e-mail or password');
  });

  it('should set an httpOnly Lax session cookie and return the user when signing in over plain http', async () => {
    const res = await t.http('/api/v1/auth/login', { method: 'POST', json: { email: ADMIN_EMAIL.toUpperCase(), password: ADMIN_PASSWORD } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user).toEqual({ id: expect.any(String), email: ADMIN_EMAIL, name: 'Administrator', role: 'admin' });
    expect(JSON.stringify(body)).not.toContain('password');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^entitle_session=[^;]{40,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).not.toMatch(/Secure/i);
  });

  it.each([
    ['no cookie', undefined],
    ['an unknown cookie', 'entitle_session=not-a-real-session'],
  ])('should answer 401 on a signed-in route when there is %s', async (_label, cookie) => {
    const res = await t.http('/api/v1/auth/me', { cookie });
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('unauthenticated');
  });

  it('should know the user behind the cookie, and forget it after sign-out', async () => {
    const cookie = await t.signIn();
    const me = await t.http('/api/v1/auth/me', { cookie });
    expect(me.status).toBe(200);
    expect((await me.json()).user.email).toBe(ADMIN_EMAIL);

    const out = await t.http('/api/v1/auth/logout', { method: 'POST', cookie });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/entitle_session=;/);
    expect((await t.http('/api/v1/auth/me', { cookie })).status).toBe(401);
  });

  it.each([
    ['a missing password', { email: ADMIN_EMAIL }, 'password'],
    ['an e-mail that is not one', { email: 'not-an-email', password: 'x' }, 'email'],
    ['an unknown field', { email: ADMIN_EMAIL, password: 'x', remember: true }, 'remember'],
    ['a password of the wrong type', { email: ADMIN_EMAIL, password: 42 }, 'password'],
  ])('should answer 400 naming the field when the body has %s', async (_label, json, field) => {
    const res = await t.http('/api/v1/auth/login', { method: 'POST', json });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.code).toBe('validation_failed');
    expect(body.errors.map((e: { field: string }) => e.field)).toContain(field);
    expect(body.message).toContain(`${field}:`);
  });

  it('should answer 400 naming the body when it is not JSON', async () => {
    const res = await t.http('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([{ field: 'body', message: 'not valid JSON' }]);
  });

  it('should answer 403 when a technician calls an admin endpoint, and 200 on a signed-in one', async () => {
    const cookie = await t.signIn(TECH.email, TECH.password);
    for (const path of ['/api/v1/users', '/api/v1/audit']) {
      const res = await t.http(path, { cookie });
      expect(res.status).toBe(403);
      expect((await res.json()).code).toBe('forbidden');
    }
    const create = await t.http('/api/v1/users', { method: 'POST', cookie, json: { email: 'x@msp.example', password: 'long-enough-password', role: 'admin' } });
    expect(create.status).toBe(403);
    expect((await t.http('/api/v1/auth/me', { cookie })).status).toBe(200);
  });

  it('should refuse a second user with the same e-mail, whatever its case', async () => {
    const res = await t.http('/api/v1/users', { method: 'POST', cookie: adminCookie, json: { ...TECH, email: TECH.email.toUpperCase() } });
    expect(res.status).toBe(409);
    expect((await res.json()).errors).toEqual([{ field: 'email', message: 'already in use' }]);
  });

  it('should stop signing in a disabled user and end the sessions it had', async () => {
    const created = await (await t.http('/api/v1/users', { method: 'POST', cookie: adminCookie, json: { email: 'leaver@msp.example', password: 'leaver-password-1', role: 'technician' } })).json();
    const cookie = await t.signIn('leaver@msp.example', 'leaver-password-1');
    const patch = await t.http(`/api/v1/users/${created.id}`, { method: 'PATCH', cookie: adminCookie, json: { disabled: true } });
    expect(patch.status).toBe(200);
    expect((await t.http('/api/v1/auth/me', { cookie })).status).toBe(401);
    const again = await t.http('/api/v1/auth/login', { method: 'POST', json: { email: 'leaver@msp.example', password: 'leaver-password-1' } });
    expect(again.status).toBe(401);
  });

  it('should show an API token once, accept it as a Bearer token, and reject it once revoked', async () => {
    const created = await t.http('/api/v1/auth/tokens', { method: 'POST', cookie: adminCookie, json: { name: 'billing script' } });
    expect(created.status).toBe(201);
    const token = await created.json();
    expect(token.token).toMatch(/^ent_[A-Za-z0-9_-]{40,}$/);
    expect(token.token.startsWith(token.prefix)).toBe(true);

    const listed = await (await t.http('/api/v1/auth/tokens', { cookie: adminCookie })).json();
    expect(listed.find((x: { id: string }) => x.id === token.id)).toEqual(expect.objectContaining({ name: 'billing script', prefix: token.prefix }));
    expect(JSON.stringify(listed)).not.toContain(token.token);

    const me = await t.http('/api/v1/auth/me', { token: token.token });
    expect(me.status).toBe(200);
    expect((await me.json()).user.email).toBe(ADMIN_EMAIL);
    expect((await t.http('/api/v1/users', { token: token.token })).status).toBe(200);

    const del = await t.http(`/api/v1/auth/tokens/${token.id}`, { method: 'DELETE', cookie: adminCookie });
    expect(del.status).toBe(204);
    const after = await t.http('/api/v1/auth/me', { token: token.token });
    expect(after.status).toBe(401);
  });

  it('should store only hashes of passwords, sessions and API tokens', async () => {
    const { Client } = await import('pg');
    const c = new Client({ connectionString: t.db.url });
    await c.connect();
    const token = await (await t.http('/api/v1/auth/tokens', { method: 'POST', cookie: adminCookie, json: { name: 'hash check' } })).json();
    const sessionValue = adminCookie.split('=')[1]!;
    const dump = JSON.stringify([
      (await c.query('SELECT * FROM users')).rows,
      (await c.query('SELECT * FROM sessions')).rows,
      (await c.query('SELECT * FROM api_tokens')).rows,
    ]);
    await c.end();
    expect(dump).not.toContain(ADMIN_PASSWORD);
    expect(dump).not.toContain(sessionValue);
    expect(dump).not.toContain(token.token);
    expect(dump).toContain('$argon2id$');
  });

  it('should answer 429 with Retry-After once ten sign-ins failed within a minute', async () => {
    const email = 'target@msp.example';
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await t.http('/api/v1/auth/login', { method: 'POST', json: { email, password: `guess-${i}` }, headers: { 'x-forwarded-for': '203.0.113.9' } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual(Array(10).fill(401));
    const blocked = await t.http('/api/v1/auth/login', { method: 'POST', json: { email, password: 'guess-10' } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await blocked.json()).code).toBe('too_many_requests');
  });
});

describe('Session cookie behind https', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ENTITLE_TRUST_PROXY: 'true' });
  });
  afterAll(() => t.close());

  it('should set SameSite=None; Secure; Partitioned when the request came over https, for Halo\'s iframe', async () => {
    const res = await t.http('/api/v1/auth/login', { method: 'POST', json: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD }, headers: { 'x-forwarded-proto': 'https' } });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/SameSite=None/i);
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/Partitioned/i);
    expect(cookie).toMatch(/HttpOnly/i);
  });
});
