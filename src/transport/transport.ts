import type { Dispatcher } from 'undici';
import { CloudJobsError, ProviderApiError } from '../errors.js';
import { redact } from '../redact.js';
import { type Clock, systemClock } from './clock.js';
import { type HttpRequest, type HttpResponse, sendHttp } from './http.js';
import { RateLimiter } from './rate-limit.js';
import { backoffDelay, defaultRetryOptions, parseRetryAfter, type RetryOptions } from './retry.js';

/** What a transport reports of each attempt; the CLI's progress and the tests' counters use it. */
export interface AttemptEvent {
  provider: string;
  source: string;
  action: string;
  attempt: number;
  /** HTTP status, or null when no response came. */
  status: number | null;
  durationMs: number;
  error: CloudJobsError | null;
  /** Milliseconds until the next attempt, when one follows. */
  retryInMs: number | null;
}

export interface TransportOptions {
  provider: string;
  source: string;
  dispatcher?: Dispatcher | undefined;
  timeoutMs?: number | undefined;
  retry?: Partial<RetryOptions> | undefined;
  /** Requests per second for this adapter instance. */
  rateLimit: number;
  burst?: number | undefined;
  clock?: Clock | undefined;
  random?: (() => number) | undefined;
  logger?: ((line: string) => void) | undefined;
}

export interface ExchangeSpec<T> {
  action: string;
  /** Reads may be retried after any transient failure; writes only when the cloud refused them unprocessed. */
  idempotent: boolean;
  /** Builds (and signs) the request; called again for every attempt so each is signed afresh. */
  build(attempt: number): HttpRequest | Promise<HttpRequest>;
  /** Turns a response into a result, or throws the cloud's error as a ProviderApiError. */
  interpret(response: HttpResponse): T;
  signal?: AbortSignal | undefined;
}

export const defaultTimeoutMs = 30_000;

/**
 * The way from an adapter to its cloud: a rate limit per adapter instance, retries with backoff per
 * request (never by restarting a listing), a timeout per attempt, and an injectable dispatcher.
 */
export class Transport {
  readonly limiter: RateLimiter;
  readonly retry: RetryOptions;
  readonly timeoutMs: number;
  readonly clock: Clock;
  private readonly options: TransportOptions;
  private readonly random: () => number;
  private readonly observers = new Set<(event: AttemptEvent) => void>();

  constructor(options: TransportOptions) {
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.retry = { ...defaultRetryOptions, ...options.retry };
    this.timeoutMs = options.timeoutMs ?? defaultTimeoutMs;
    this.limiter = new RateLimiter({ rate: options.rateLimit, burst: options.burst, clock: this.clock });
  }

  observe(observer: (event: AttemptEvent) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  async exchange<T>(spec: ExchangeSpec<T>): Promise<T> {
    const { provider, source } = this.options;
    for (let attempt = 1; ; attempt++) {
      spec.signal?.throwIfAborted();
      await this.limiter.acquire(spec.signal);
      const request = await spec.build(attempt);
      const started = this.clock.now();
      let response: HttpResponse | null = null;
      let failure: CloudJobsError;
      try {
        this.log(`${source} ${spec.action} attempt ${attempt}: ${request.method} ${request.url}`);
        response = await sendHttp(request, {
          dispatcher: this.options.dispatcher,
          timeoutMs: this.timeoutMs,
          signal: spec.signal,
          origin: { provider, source, action: spec.action },
        });
        const result = spec.interpret(response);
        this.emit({ spec, attempt, started, response, error: null, retryInMs: null });
        return result;
      } catch (error) {
        if (spec.signal?.aborted) throw spec.signal.reason;
        if (!(error instanceof CloudJobsError)) throw error;
        if (!error.provider) error.provider = provider;
        if (!error.source) error.source = source;
        failure = error;
      }
      const retryInMs = this.retryDelay(failure, spec, attempt, response);
      this.emit({ spec, attempt, started, response, error: failure, retryInMs });
      if (retryInMs === null) throw failure;
      await this.clock.sleep(retryInMs, spec.signal);
    }
  }

  private retryDelay(
    error: CloudJobsError,
    spec: ExchangeSpec<unknown>,
    attempt: number,
    response: HttpResponse | null,
  ): number | null {
    if (!(error instanceof ProviderApiError) || !error.retryable) return null;
    if (!spec.idempotent && !error.beforeProcessing) return null;
    if (attempt >= this.retry.maxAttempts) return null;
    const asked =
      error.retryAfterMs ??
      parseRetryAfter(response?.headers['retry-after'], this.clock.now(), this.retry.maxDelayMs);
    if (asked !== null) return Math.min(asked, this.retry.maxDelayMs);
    return backoffDelay(attempt - 1, this.retry, this.random);
  }

  private emit(details: {
    spec: ExchangeSpec<unknown>;
    attempt: number;
    started: number;
    response: HttpResponse | null;
    error: CloudJobsError | null;
    retryInMs: number | null;
  }): void {
    const event: AttemptEvent = {
      provider: this.options.provider,
      source: this.options.source,
      action: details.spec.action,
      attempt: details.attempt,
      status: details.response?.status ?? null,
      durationMs: this.clock.now() - details.started,
      error: details.error,
      retryInMs: details.retryInMs,
    };
    if (details.error)
      this.log(
        `${event.source} ${event.action} attempt ${event.attempt} failed: ${details.error.message}${
          event.retryInMs === null ? '' : `; retrying in ${event.retryInMs} ms`
        }`,
      );
    for (const observer of this.observers) observer(event);
  }

  private log(line: string): void {
    this.options.logger?.(redact(line));
  }
}
