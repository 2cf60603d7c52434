import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/transport/rate-limit.js';
import { FakeClock, flush } from '../support/fake-clock.js';

describe('RateLimiter (token bucket on a fake clock)', () => {
  it('lets a burst of `burst` requests through at once, then one per 1/rate seconds', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ rate: 2, clock });
    const granted: number[] = [];
    const start = clock.now();
    const waits = Array.from({ length: 6 }, () =>
      limiter.acquire().then(() => granted.push(clock.now() - start)),
    );
    await flush();
    expect(granted).toEqual([0, 0]);
    await clock.advance(499);
    expect(granted).toEqual([0, 0]);
    await clock.advance(1);
    expect(granted).toEqual([0, 0, 500]);
    await clock.advance(1500);
    await Promise.all(waits);
    expect(granted).toEqual([0, 0, 500, 1000, 1500, 2000]);
  });

  it('defaults the burst to the rate and to at least 1', () => {
    expect(new RateLimiter({ rate: 20 }).burst).toBe(20);
    expect(new RateLimiter({ rate: 0.5 }).burst).toBe(1);
    expect(new RateLimiter({ rate: 5, burst: 2 }).burst).toBe(2);
  });

  it('saves up no more than the burst after a quiet spell', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ rate: 10, burst: 3, clock });
    await clock.advance(60_000);
    const granted: number[] = [];
    const start = clock.now();
    const waits = Array.from({ length: 5 }, () =>
      limiter.acquire().then(() => granted.push(clock.now() - start)),
    );
    await flush();
    expect(granted).toEqual([0, 0, 0]);
    await clock.advance(200);
    await Promise.all(waits);
    expect(granted).toEqual([0, 0, 0, 100, 200]);
  });

  it('an aborted waiter gives up without stalling the ones behind it', async () => {
    const clock = new FakeClock();
    const limiter = new RateLimiter({ rate: 1, clock });
    await limiter.acquire();
    const controller = new AbortController();
    const abandoned = limiter.acquire(controller.signal);
    const next = limiter.acquire();
    controller.abort(new Error('gave up'));
    await expect(abandoned).rejects.toThrow('gave up');
    let done = false;
    void next.then(() => {
      done = true;
    });
    await clock.advance(1000);
    expect(done).toBe(true);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => new RateLimiter({ rate: 0 })).toThrow(RangeError);
  });
});
