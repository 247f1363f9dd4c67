import { fakeTime } from '../../test/fake-halo';
import { HaloErrorCode } from './halo-error';
import { normaliseBaseUrl, RATE_WINDOW_MS, realSleep, resetSharedLimiters, RollingWindowLimiter, sharedLimiter } from './rate-limiter';

describe(RollingWindowLimiter.name, () => {
  it('should let the budget through without waiting when the window is fresh', async () => {
    const time = fakeTime();
    const limiter = new RollingWindowLimiter(3);
    for (let i = 0; i < 3; i++) await limiter.acquire(time.clock, time.sleep);
    expect(time.sleeps).toEqual([]);
    expect(limiter.inWindow(time.clock())).toBe(3);
  });

  it('should wait until the oldest request leaves the window when the budget is spent', async () => {
    const time = fakeTime();
    const limiter = new RollingWindowLimiter(2);
    await limiter.acquire(time.clock, time.sleep);
    time.advance(10_000);
    await limiter.acquire(time.clock, time.sleep);
    await limiter.acquire(time.clock, time.sleep);
    expect(time.sleeps).toEqual([RATE_WINDOW_MS - 10_000]);
  });

  it('should hold every caller back when a 429 paused the instance', async () => {
    const time = fakeTime();
    const limiter = new RollingWindowLimiter(700);
    limiter.pauseUntil(time.clock() + 30_000);
    await limiter.acquire(time.clock, time.sleep);
    expect(time.sleeps).toEqual([30_000]);
  });
});

describe(sharedLimiter.name, () => {
  afterEach(() => resetSharedLimiters());

  it('should share one budget when two clients point at the same Halo spelled differently', () => {
    const a = sharedLimiter('https://Acme.halopsa.com/', 700);
    const b = sharedLimiter('https://acme.halopsa.com/api', 300);
    expect(a).toBe(b);
    expect(a.limit).toBe(300);
    expect(sharedLimiter('https://other.halopsa.com', 700)).not.toBe(a);
  });

  it.each([
    ['https://Acme.halopsa.com/', 'https://acme.halopsa.com'],
    ['https://acme.halopsa.com/api/', 'https://acme.halopsa.com'],
    ['http://127.0.0.1:8080/halo', 'http://127.0.0.1:8080/halo'],
  ])('should normalise %p to %p when keying the registry', (input, expected) => {
    expect(normaliseBaseUrl(input)).toBe(expected);
  });
});

describe('realSleep', () => {
  it('should reject with cancelled when the signal aborts during the wait', async () => {
    const controller = new AbortController();
    const waiting = realSleep(60_000, controller.signal);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: HaloErrorCode.Cancelled });
  });
});
