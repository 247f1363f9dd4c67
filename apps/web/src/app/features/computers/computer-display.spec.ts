import { enrollmentKey } from '../../../testing/fixtures';
import { keyStatus } from './computer-display';

describe(keyStatus.name, () => {
  const now = Date.parse('2026-12-04T12:00:00.000Z');

  it.each([
    ['usable', enrollmentKey(), 'usable'],
    ['revoked', enrollmentKey({ usable: false, revokedAt: '2026-12-04T11:00:00.000Z' }), 'revoked'],
    ['past its expiry', enrollmentKey({ usable: false, expiresAt: '2026-12-04T11:00:00.000Z' }), 'expired'],
    ['out of uses', enrollmentKey({ usable: false, uses: 10, maxUses: 10 }), 'used up'],
  ])('should call a key that is %s "%s"', (_case, key, label) => {
    expect(keyStatus(key, now).label).toBe(label);
  });
});
