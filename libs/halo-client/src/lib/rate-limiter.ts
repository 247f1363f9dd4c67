import { HaloError, HaloErrorCode } from './halo-error';

export type Clock = () => number;
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realClock: Clock = () => Date.now();

/** setTimeout that rejects with a `cancelled` HaloError when the signal aborts. */
export const realSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(cancelledError());
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(cancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });

export function cancelledError(): HaloError {
  return new HaloError(HaloErrorCode.Cancelled, 'The Halo request was cancelled by the caller.');
}

/** Five minutes: the length of Halo's rolling window. */
export const RATE_WINDOW_MS = 5 * 60 * 1000;

/**
 * A rolling-window request budget. halo-api.md §3: "Hosted Halo: rolling 5-minute window per
 * instance/application; exceeding returns HTTP 429 Too Many Requests with message text 'Rate Limit Reached -
 * 300 Requests per rolling 5 minute window' … 2025–2026 sources cite 700 requests per rolling 5 minutes …
 * Treat the number as configurable (default 700, test with 300)." and "Short sleeps do not help: 10 × 5 s
 * retries failed because the window is 5 min; use ≥30–60 s backoff".
 *
 * `acquire` waits for a slot rather than failing, so a burst of work slows down instead of earning 429s.
 * A 429 from Halo (whose count may include other applications' traffic) pauses every caller via `pauseUntil`.
 */
export class RollingWindowLimiter {
  private readonly stamps: number[] = [];
  private pausedUntil = 0;

  constructor(
    private budget: number,
    private readonly windowMs = RATE_WINDOW_MS,
  ) {
    if (!Number.isInteger(budget) || budget < 1) throw new RangeError('requestBudget must be a positive integer');
  }

  get limit(): number {
    return this.budget;
  }

  /** Requests started within the window ending at `now`. */
  inWindow(now: number): number {
    this.prune(now);
    return this.stamps.length;
  }

  /** Two clients of one instance with different budgets share the stricter one. */
  lowerBudget(budget: number): void {
    if (budget < this.budget) this.budget = budget;
  }

  pauseUntil(time: number): void {
    if (time > this.pausedUntil) this.pausedUntil = time;
  }

  /** Waits for a free slot and takes it. Clock and sleep come from the caller so tests can fake time. */
  async acquire(clock: Clock, sleep: Sleep, signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw cancelledError();
      const now = clock();
      this.prune(now);
      let waitMs = 0;
      if (now < this.pausedUntil) waitMs = this.pausedUntil - now;
      else if (this.stamps.length >= this.budget) waitMs = this.stamps[0] + this.windowMs - now;
      if (waitMs <= 0) {
        this.stamps.push(now);
        return;
      }
      await sleep(waitMs, signal);
    }
  }

  private prune(now: number): void {
    while (this.stamps.length > 0 && this.stamps[0] <= now - this.windowMs) this.stamps.shift();
  }
}

const registry = new Map<string, RollingWindowLimiter>();

/** The base URL that identifies a Halo instance: lower-case origin plus path, no trailing slash or `/api`. */
export function normaliseBaseUrl(url: string): string {
  const parsed = new URL(url);
  const path = parsed.pathname.replace(/\/+$/, '').replace(/\/api$/i, '');
  return `${parsed.protocol}//${parsed.host}${path}`.toLowerCase();
}

/**
 * One limiter per Halo instance per process, so the API's sync, the health check and the technician tab
 * together stay inside one budget.
 */
export function sharedLimiter(baseUrl: string, budget: number): RollingWindowLimiter {
  const key = normaliseBaseUrl(baseUrl);
  let limiter = registry.get(key);
  if (limiter === undefined) {
    limiter = new RollingWindowLimiter(budget);
    registry.set(key, limiter);
  } else {
    limiter.lowerBudget(budget);
  }
  return limiter;
}

/** For tests: forget every shared limiter. */
export function resetSharedLimiters(): void {
  registry.clear();
}
