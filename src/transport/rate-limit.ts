import { type Clock, systemClock } from './clock.js';

export interface RateLimiterOptions {
  /** Requests per second. */
  rate: number;
  /** How many requests may go at once after a quiet spell; defaults to the rate, at least 1. */
  burst?: number;
  clock?: Clock;
}

/**
 * A token bucket: `rate` tokens a second, at most `burst` saved up. Callers wait in arrival order,
 * so a burst of page fetches is spread evenly instead of racing for each token.
 */
export class RateLimiter {
  readonly rate: number;
  readonly burst: number;
  private readonly clock: Clock;
  private tokens: number;
  private updatedAt: number;
  private tail: Promise<void> = Promise.resolve();

  constructor(options: RateLimiterOptions) {
    if (!(options.rate > 0)) throw new RangeError('rate must be a positive number of requests per second');
    this.rate = options.rate;
    this.burst = Math.max(1, options.burst ?? Math.floor(options.rate));
    this.clock = options.clock ?? systemClock;
    this.tokens = this.burst;
    this.updatedAt = this.clock.now();
  }

  /** Waits for a token; the caller may then send one request. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.tail.then(() => this.take(signal));
    // A caller that gives up (abort) must not stall the ones behind it.
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const waitMs = ((1 - this.tokens) / this.rate) * 1000;
      await this.clock.sleep(Math.ceil(waitMs), signal);
    }
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.rate);
    this.updatedAt = now;
  }
}
