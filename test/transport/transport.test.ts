import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloudJobsError, ProviderApiError } from '../../src/errors.js';
import { registerSecrets } from '../../src/redact.js';
import type { HttpResponse } from '../../src/transport/http.js';
import { backoffDelay, parseRetryAfter } from '../../src/transport/retry.js';
import { type AttemptEvent, Transport } from '../../src/transport/transport.js';
import { FakeClock, flush } from '../support/fake-clock.js';

const origin = 'https://api.example.test';

function interpret(response: HttpResponse): string {
  if (response.status === 200) return response.body;
  const kind = response.status === 429 ? 'throttled' : response.status >= 500 ? 'server' : 'auth';
  throw new ProviderApiError({
    kind,
    code: `HTTP${response.status}`,
    message: response.body,
    action: 'Test',
  });
}

describe('Transport', () => {
  let agent: MockAgent;
  let clock: FakeClock;
  let events: AttemptEvent[];

  const transport = (overrides: Partial<ConstructorParameters<typeof Transport>[0]> = {}) => {
    const created = new Transport({
      provider: 'test',
      source: 'test:one',
      dispatcher: agent,
      rateLimit: 1000,
      clock,
      random: () => 0.5,
      retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000 },
      ...overrides,
    });
    created.observe((event) => events.push(event));
    return created;
  };

  /** Runs an exchange while moving the fake clock along until it settles. */
  async function settle<T>(promise: Promise<T>): Promise<T> {
    let done = false;
    promise.then(
      () => {
        done = true;
      },
      () => {
        done = true;
      },
    );
    for (let step = 0; step < 200 && !done; step++) await clock.advance(100);
    return promise;
  }

  beforeEach(() => {
    agent = new MockAgent();
    agent.disableNetConnect();
    clock = new FakeClock();
    events = [];
  });
  afterEach(async () => {
    await agent.close();
  });

  it('retries a 503 with jittered exponential backoff and builds (signs) every attempt afresh', async () => {
    const pool = agent.get(origin);
    pool.intercept({ path: '/', method: 'GET' }).reply(503, 'busy').times(2);
    pool.intercept({ path: '/', method: 'GET' }).reply(200, 'ok');
    const built: number[] = [];
    const result = await settle(
      transport().exchange({
        action: 'Test',
        idempotent: true,
        build: (attempt) => {
          built.push(attempt);
          return { method: 'GET', url: `${origin}/`, headers: { 'x-attempt': String(attempt) } };
        },
        interpret,
      }),
    );
    expect(result).toBe('ok');
    expect(built).toEqual([1, 2, 3]);
    // Full jitter with random() = 0.5: half of base·2^retry.
    expect(events.map((event) => event.retryInMs)).toEqual([50, 100, null]);
    expect(events.map((event) => event.status)).toEqual([503, 503, 200]);
  });

  it('honours Retry-After in seconds and as an HTTP date, clamped to maxDelayMs', async () => {
    const pool = agent.get(origin);
    pool.intercept({ path: '/', method: 'GET' }).reply(429, 'slow down', { headers: { 'retry-after': '3' } });
    // The second answer comes once the first 3 s wait is over; its date lies 7 s beyond that.
    const date = new Date(clock.now() + 3_000 + 7_000).toUTCString();
    pool
      .intercept({ path: '/', method: 'GET' })
      .reply(429, 'slow down', { headers: { 'retry-after': date } });
    pool
      .intercept({ path: '/', method: 'GET' })
      .reply(429, 'slow down', { headers: { 'retry-after': '99999' } });
    pool.intercept({ path: '/', method: 'GET' }).reply(200, 'ok');
    await settle(
      transport().exchange({
        action: 'Test',
        idempotent: true,
        build: () => ({ method: 'GET', url: `${origin}/`, headers: {} }),
        interpret,
      }),
    );
    const delays = events.map((event) => event.retryInMs);
    expect(delays[0]).toBe(3000);
    expect(delays[1]).toBeGreaterThanOrEqual(6000);
    expect(delays[1]).toBeLessThanOrEqual(7000);
    expect(delays[2]).toBe(10_000);
  });

  it('does not retry an auth error', async () => {
    agent.get(origin).intercept({ path: '/', method: 'GET' }).reply(403, 'denied');
    const error = await settle(
      transport().exchange({
        action: 'Test',
        idempotent: true,
        build: () => ({ method: 'GET', url: `${origin}/`, headers: {} }),
        interpret,
      }),
    ).catch((caught) => caught);
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error.kind).toBe('auth');
    expect(error.provider).toBe('test');
    expect(error.source).toBe('test:one');
    expect(events).toHaveLength(1);
  });

  it('gives up after maxAttempts and throws the last error', async () => {
    agent.get(origin).intercept({ path: '/', method: 'GET' }).reply(500, 'broken').times(4);
    const error = await settle(
      transport().exchange({
        action: 'Test',
        idempotent: true,
        build: () => ({ method: 'GET', url: `${origin}/`, headers: {} }),
        interpret,
      }),
    ).catch((caught) => caught);
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error.code).toBe('HTTP500');
    expect(events).toHaveLength(4);
  });

  it('never retries a write the cloud may have processed, but retries one refused as throttled', async () => {
    const pool = agent.get(origin);
    pool.intercept({ path: '/', method: 'POST' }).reply(500, 'broken');
    const write = () =>
      transport().exchange({
        action: 'Write',
        idempotent: false,
        build: () => ({ method: 'POST', url: `${origin}/`, headers: {}, body: 'x' }),
        interpret,
      });
    await expect(settle(write())).rejects.toMatchObject({ code: 'HTTP500' });
    expect(events).toHaveLength(1);
    pool.intercept({ path: '/', method: 'POST' }).reply(429, 'slow');
    pool.intercept({ path: '/', method: 'POST' }).reply(200, 'created');
    await expect(settle(write())).resolves.toBe('created');
  });

  it('classifies a connection reset as a retryable network error', async () => {
    const pool = agent.get(origin);
    pool
      .intercept({ path: '/', method: 'GET' })
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    pool.intercept({ path: '/', method: 'GET' }).reply(200, 'ok');
    await expect(
      settle(
        transport().exchange({
          action: 'Test',
          idempotent: true,
          build: () => ({ method: 'GET', url: `${origin}/`, headers: {} }),
          interpret,
        }),
      ),
    ).resolves.toBe('ok');
    expect(events[0]?.error).toMatchObject({ kind: 'network', code: 'ECONNRESET', retryable: true });
  });

  it('times out a stalled response as a retryable timeout', async () => {
    const pool = agent.get(origin);
    pool.intercept({ path: '/', method: 'GET' }).reply(200, 'late').delay(500);
    const error = await transport({ clock: undefined, timeoutMs: 50, retry: { maxAttempts: 1 } })
      .exchange({
        action: 'Test',
        idempotent: true,
        build: () => ({ method: 'GET', url: `${origin}/`, headers: {} }),
        interpret,
      })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error).toMatchObject({ kind: 'timeout', retryable: true, action: 'Test' });
  });

  it('an abort cancels the request in flight and the pending retry, with the caller’s reason', async () => {
    const pool = agent.get(origin);
    pool.intercept({ path: '/', method: 'GET' }).reply(503, 'busy');
    const controller = new AbortController();
    const pending = transport()
      .exchange({
        action: 'Test',
        idempotent: true,
        build: () => ({ method: 'GET', url: `${origin}/`, headers: {} }),
        interpret,
        signal: controller.signal,
      })
      .catch((caught) => caught);
    await flush();
    await clock.advance(1);
    expect(clock.pending).toBe(1);
    controller.abort(new Error('stop now'));
    const error = await pending;
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('stop now');
    expect(error).not.toBeInstanceOf(CloudJobsError);

    pool.intercept({ path: '/', method: 'GET' }).reply(200, 'never').delay(10_000);
    const inFlight = new AbortController();
    const started = Date.now();
    const second = transport({ clock: undefined })
      .exchange({
        action: 'Test',
        idempotent: true,
        build: () => ({ method: 'GET', url: `${origin}/`, headers: {} }),
        interpret,
        signal: inFlight.signal,
      })
      .catch((caught) => caught);
    setTimeout(() => inFlight.abort(new Error('cancelled in flight')), 20);
    expect((await second).message).toBe('cancelled in flight');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('scrubs credentials from log lines', async () => {
    registerSecrets('LOGSECRETVALUE123');
    agent.get(origin).intercept({ path: /.*/, method: 'GET' }).reply(403, 'denied');
    const lines: string[] = [];
    await transport({ logger: (line) => lines.push(line) })
      .exchange({
        action: 'Test',
        idempotent: true,
        build: () => ({
          method: 'GET',
          url: `${origin}/?AccessKeyId=LOGSECRETVALUE123&Signature=abc%2Bdef&Other=1`,
          headers: {},
        }),
        interpret,
      })
      .catch(() => undefined);
    const joined = lines.join('\n');
    expect(lines.length).toBeGreaterThan(0);
    expect(joined).not.toContain('LOGSECRETVALUE123');
    expect(joined).not.toContain('abc%2Bdef');
    expect(joined).toContain('Other=1');
  });
});

describe('retry arithmetic', () => {
  it('parses Retry-After seconds, dates, junk', () => {
    const now = Date.parse('2024-01-01T00:00:00Z');
    expect(parseRetryAfter('2', now, 60_000)).toBe(2000);
    expect(parseRetryAfter('Mon, 01 Jan 2024 00:00:05 GMT', now, 60_000)).toBe(5000);
    expect(parseRetryAfter('Mon, 01 Jan 2023 00:00:05 GMT', now, 60_000)).toBe(0);
    expect(parseRetryAfter('soon', now, 60_000)).toBeNull();
    expect(parseRetryAfter(undefined, now, 60_000)).toBeNull();
    expect(parseRetryAfter('3600', now, 60_000)).toBe(60_000);
  });

  it('full jitter stays within [0, min(max, base·2^retry))', () => {
    const options = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(0, options, () => 0.999)).toBe(99);
    expect(backoffDelay(3, options, () => 0.999)).toBe(799);
    expect(backoffDelay(8, options, () => 0.999)).toBe(999);
    expect(backoffDelay(8, options, () => 0)).toBe(0);
  });
});
