import { ConfigError, loadConfig } from './app-config';

const KEY = Buffer.alloc(32, 7).toString('base64');
const valid = { DATABASE_URL: 'postgres://u:p@db:5432/entitle', ENTITLE_SECRET_KEY: KEY };

describe(loadConfig.name, () => {
  it('should apply defaults when only the required keys are set', () => {
    const c = loadConfig(valid);
    expect(c).toEqual(expect.objectContaining({ port: 3000, host: '0.0.0.0', logLevel: 'info', sessionTtlHours: 12, cronEnabled: true, trustProxy: false, webDir: null, publicUrl: null }));
    expect(c.secretKey).toHaveLength(32);
    expect(c.frameAncestors).toContain('https://*.halopsa.com');
  });

  it('should list every bad key at once when several are wrong', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', ENTITLE_SECRET_KEY: 'c2hvcnQ=', ENTITLE_ADMIN_EMAIL: 'admin@x.example', ENTITLE_CRON_ENABLED: 'maybe', ENTITLE_FRAME_ANCESTORS: 'halo' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const keys = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(keys).toEqual(['DATABASE_URL', 'ENTITLE_SECRET_KEY', 'ENTITLE_ADMIN_PASSWORD', 'LOG_LEVEL', 'ENTITLE_FRAME_ANCESTORS', 'PORT', 'ENTITLE_CRON_ENABLED']);
    expect((error as ConfigError).message).toContain('PORT: must be an integer from 0 to 65535, got "eighty"');
  });

  it.each([
    ['a hex key', 'ab'.repeat(32)],
    ['a base64 key', KEY],
  ])('should accept %s of 32 bytes', (_label, key) => {
    expect(loadConfig({ ...valid, ENTITLE_SECRET_KEY: key }).secretKey).toHaveLength(32);
  });

  it('should refuse a short admin password so the first admin is never weak', () => {
    expect(() => loadConfig({ ...valid, ENTITLE_ADMIN_EMAIL: 'a@b.example', ENTITLE_ADMIN_PASSWORD: 'short' })).toThrow('ENTITLE_ADMIN_PASSWORD: must be at least 12 characters');
  });

  it('should parse the frame ancestors list when Halo runs on a custom domain', () => {
    expect(loadConfig({ ...valid, ENTITLE_FRAME_ANCESTORS: "'self', https://support.acme-msp.example" }).frameAncestors).toEqual(["'self'", 'https://support.acme-msp.example']);
  });
});
