import { randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret } from './secret-box';

describe('secret-box', () => {
  const key = randomBytes(32);

  it('should give the clear text back when decrypted with the same key', () => {
    expect(decryptSecret(key, encryptSecret(key, 'sim-secret-ü'))).toBe('sim-secret-ü');
  });

  it('should use a fresh IV so the same secret never encrypts the same way twice', () => {
    const a = encryptSecret(key, 'same');
    const b = encryptSecret(key, 'same');
    expect(a.equals(b)).toBe(false);
    expect(a.toString('utf8')).not.toContain('same');
  });

  it.each([
    ['another key', (v: Buffer) => decryptSecret(randomBytes(32), v)],
    ['an altered ciphertext', (v: Buffer) => decryptSecret(key, Buffer.concat([v.subarray(0, v.length - 1), Buffer.from([v[v.length - 1]! ^ 1])]))],
  ])('should refuse to decrypt when given %s', (_what, attempt) => {
    expect(() => attempt(encryptSecret(key, 'secret'))).toThrow();
  });
});
