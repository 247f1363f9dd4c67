import { Injectable } from '@nestjs/common';
import { AppException, ErrorCode } from '../common/app.exception';

export const LOGIN_FAILURE_LIMIT = 10;
export const LOGIN_WINDOW_MS = 60_000;

/**
 * Counts failed sign-ins per client address and per account over a rolling minute. At ten, further attempts get a 429
 * until the oldest failure leaves the window, which slows password guessing against one account or from one address.
 * Kept in memory: with several API processes each counts on its own, which only loosens the limit, never locks anyone out.
 */
@Injectable()
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  now: () => number = Date.now;

  assertAllowed(ip: string | null, email: string): void {
    const wait = Math.max(this.waitMs(`ip:${ip ?? '-'}`), this.waitMs(`email:${email.toLowerCase()}`));
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      throw new AppException(ErrorCode.TooManyRequests, `too many failed sign-ins; try again in ${seconds} s`, { retryAfterSeconds: seconds });
    }
  }

  recordFailure(ip: string | null, email: string): void {
    for (const key of [`ip:${ip ?? '-'}`, `email:${email.toLowerCase()}`]) {
      const list = this.recent(key);
      list.push(this.now());
      this.failures.set(key, list);
    }
  }

  recordSuccess(email: string): void {
    this.failures.delete(`email:${email.toLowerCase()}`);
  }

  private recent(key: string): number[] {
    const cutoff = this.now() - LOGIN_WINDOW_MS;
    const list = (this.failures.get(key) ?? []).filter((t) => t > cutoff);
    if (list.length === 0) this.failures.delete(key);
    return list;
  }

  private waitMs(key: string): number {
    const list = this.recent(key);
    if (list.length < LOGIN_FAILURE_LIMIT) return 0;
    return (list[list.length - LOGIN_FAILURE_LIMIT] ?? 0) + LOGIN_WINDOW_MS - this.now();
  }
}
