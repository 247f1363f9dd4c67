import { ConfigError, loadConfig } from '../config/app-config';

const valid = { DATABASE_URL: 'postgres://u:p@localhost:5432/entitle', ENTITLE_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') };

describe('ENTITLE_SYNC_DROP_THRESHOLD', () => {
  it('should default to 20% when unset', () => {
    expect(loadConfig(valid).syncDropThreshold).toBe(0.2);
  });

  it.each([['0', 0], ['0.35', 0.35], ['1', 1]])('should accept %s', (raw, expected) => {
    expect(loadConfig({ ...valid, ENTITLE_SYNC_DROP_THRESHOLD: raw }).syncDropThreshold).toBe(expected);
  });

  it.each(['-0.1', '1.5', 'lots'])('should refuse the configuration naming the key when it is %s', (raw) => {
    expect(() => loadConfig({ ...valid, ENTITLE_SYNC_DROP_THRESHOLD: raw })).toThrow(ConfigError);
    expect(() => loadConfig({ ...valid, ENTITLE_SYNC_DROP_THRESHOLD: raw })).toThrow(/ENTITLE_SYNC_DROP_THRESHOLD: must be a number from 0 to 1/);
  });
});
