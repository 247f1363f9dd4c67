export const RATE_WINDOW_MS = 300_000;

/**
 * Halo's rolling 5-minute request window (halo-api.md §3). Only admitted requests occupy a slot, so a client
 * that backs off does get back in once its oldest requests leave the window.
 */
export class RollingRateLimiter {
  private readonly stamps: number[] = [];
  private head = 0;

  constructor(public limit: number, private readonly now: () => number) {}

  /** Admits the request (returns null) or returns the seconds until a slot frees. */
  take(): number | null {
    const now = this.now();
    this.evict(now);
    if (this.used >= this.limit) {
      const oldest = this.stamps[this.head];
      return Math.max(1, Math.ceil((oldest + RATE_WINDOW_MS - now) / 1000));
    }
    this.stamps.push(now);
    return null;
  }

  get used(): number {
    return this.stamps.length - this.head;
  }

  usage(): { limit: number; used: number; windowSeconds: number } {
    this.evict(this.now());
    return { limit: this.limit, used: this.used, windowSeconds: RATE_WINDOW_MS / 1000 };
  }

  reset(): void {
    this.stamps.length = 0;
    this.head = 0;
  }

  private evict(now: number): void {
    while (this.head < this.stamps.length && this.stamps[this.head] <= now - RATE_WINDOW_MS) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.stamps.length) {
      this.stamps.splice(0, this.head);
      this.head = 0;
    }
  }
}

export function rateLimitMessage(limit: number): string {
  return `Rate Limit Reached - ${limit} Requests per rolling 5 minute window`;
}
