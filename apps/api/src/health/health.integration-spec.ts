import { startTestApp, TestApp } from '../../test/test-app';

describe('HTTP basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('should report liveness and the database as up, without signing in', async () => {
    const res = await t.http('/api/v1/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: expect.any(String), uptimeSeconds: expect.any(Number), database: { status: 'up', latencyMs: expect.any(Number) } });
  });

  it('should serve the OpenAPI document at /api/docs with the sign-in and audit routes', async () => {
    const ui = await t.http('/api/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
    const doc = await (await t.http('/api/docs/openapi.json')).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining([
      '/api/v1/auth/login', '/api/v1/audit', '/api/v1/health', '/api/v1/users',
      '/api/v1/software', '/api/v1/deployments', '/api/v1/deployments/preview', '/api/v1/deployments/{id}/preview',
      '/api/v1/computers', '/api/v1/computers/{id}/desired-state', '/api/v1/enrollment-keys', '/api/v1/maintenance-sessions',
      '/api/v1/agent/enroll', '/api/v1/agent/check-in', '/api/v1/agent/download',
    ]));
  });

  it('should echo the caller\'s request id, or make one', async () => {
    const given = await t.http('/api/v1/health', { headers: { 'x-request-id': 'trace-42' } });
    expect(given.headers.get('x-request-id')).toBe('trace-42');
    const made = await t.http('/api/v1/health');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('should allow framing by Halo only, through CSP frame-ancestors', async () => {
    const res = await t.http('/api/v1/health');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'self' https://*.halopsa.com");
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('should answer 404 in the API error format for an unknown API route', async () => {
    const res = await t.http('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual(expect.objectContaining({ statusCode: 404, code: 'not_found' }));
  });
});
