import { describeDuration, isActive, statusLabel } from './session-display';

describe('session display', () => {
  it.each([
    ['pending', true],
    ['running', true],
    ['succeeded', false],
    ['failed', false],
    ['timed_out', false],
    ['expired', false],
    ['cancelled', false],
  ] as const)('should say a %s session is active: %p', (status, active) => {
    expect(isActive(status)).toBe(active);
  });

  it('should write timed_out as words', () => {
    expect(statusLabel('timed_out')).toBe('timed out');
  });

  it.each([
    ['2026-12-04T10:00:00.000Z', '2026-12-04T10:00:02.340Z', '2.3 s'],
    ['2026-12-04T10:00:00.000Z', '2026-12-04T10:04:05.000Z', '4 min 5 s'],
    ['2026-12-04T10:00:00.000Z', null, ''],
    [null, null, ''],
  ])('should describe the time from %p to %p as %p', (start, end, text) => {
    expect(describeDuration(start, end)).toBe(text);
  });
});
