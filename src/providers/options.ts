import type { Dispatcher } from 'undici';
import { z } from 'zod';
import { InvalidInputError, issuesFromZod } from '../errors.js';
import type { Clock } from '../transport/clock.js';
import type { RetryOptions } from '../transport/retry.js';

/** Options every provider factory takes, beside its own scope and credentials. */
export interface CommonProviderOptions {
  region: string;
  /** Instance name, unique within a client; default `<provider id>:<region>`. */
  name?: string;
  /** A full URL that replaces the public endpoint (the simulator, a proxy). Signing does not change. */
  endpoint?: string;
  /** Permit `http://` to a host that is not loopback. */
  allowInsecureHttp?: boolean;
  /** An undici Dispatcher: a MockAgent, a ProxyAgent, a pool. */
  dispatcher?: Dispatcher;
  /** Requests per second for this instance; default the cloud's published limit. */
  rateLimit?: number;
  /** Requests that may go at once after a quiet spell; default the rate, at least 1. */
  burst?: number;
  retry?: Partial<RetryOptions>;
  /** Per attempt, headers and body together. */
  timeoutMs?: number;
  /** Native page size used when fetching; default the API's maximum. */
  pageSize?: number;
  /** Native pages in flight at once. */
  concurrency?: number;
  /** Where credentials and scope are read from when not given; default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Receives one line per attempt and failure, with credentials scrubbed. */
  logger?: (line: string) => void;
  /** For tests: the transport's clock and random source. */
  clock?: Clock;
  random?: () => number;
}

const isFunction = (value: unknown) => typeof value === 'function';

export const commonOptionsShape = {
  region: z.string().min(1, 'region is required'),
  name: z.string().min(1).optional(),
  endpoint: z.url().optional(),
  allowInsecureHttp: z.boolean().optional(),
  dispatcher: z
    .custom<Dispatcher>(
      (value) => typeof value === 'object' && value !== null && isFunction((value as Dispatcher).dispatch),
      'expected an undici Dispatcher',
    )
    .optional(),
  rateLimit: z.number().positive().finite().optional(),
  burst: z.number().int().positive().optional(),
  retry: z
    .strictObject({
      maxAttempts: z.number().int().min(1).max(20).optional(),
      baseDelayMs: z.number().nonnegative().finite().optional(),
      maxDelayMs: z.number().nonnegative().finite().optional(),
    })
    .optional(),
  timeoutMs: z.number().int().positive().optional(),
  pageSize: z.number().int().positive().optional(),
  concurrency: z.number().int().min(1).max(64).optional(),
  // Not z.record: it refuses process.env itself, whose prototype is not Object.prototype.
  env: z
    .custom<Record<string, string | undefined>>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        !Array.isArray(value) &&
        Object.values(value).every((item) => item === undefined || typeof item === 'string'),
      'expected an object of environment variables with string values, such as process.env',
    )
    .optional(),
  logger: z.custom<(line: string) => void>(isFunction, 'expected a function').optional(),
  clock: z
    .custom<Clock>(
      (value) =>
        typeof value === 'object' &&
        value !== null &&
        isFunction((value as Clock).now) &&
        isFunction((value as Clock).sleep),
      'expected a clock with now() and sleep()',
    )
    .optional(),
  random: z.custom<() => number>(isFunction, 'expected a function').optional(),
};

/** Validates factory options; every problem in one InvalidInputError, thrown before any request. */
export function parseProviderOptions<S extends z.ZodType>(
  provider: string,
  schema: S,
  input: unknown,
): z.output<S> {
  const result = schema.safeParse(input ?? {});
  if (!result.success)
    throw new InvalidInputError(issuesFromZod(result.error), { provider, what: `${provider} options` });
  return result.data;
}

const loopbackHosts = new Set(['localhost', '::1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
  return loopbackHosts.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * The base URL requests go to: the given endpoint, else the public one. Plain http is accepted
 * only for loopback unless the caller says otherwise, so credentials-bearing requests do not cross
 * a network unencrypted by accident.
 */
export function resolveEndpoint(
  provider: string,
  publicEndpoint: string,
  options: { endpoint?: string | undefined; allowInsecureHttp?: boolean | undefined },
): URL {
  const url = new URL(options.endpoint ?? publicEndpoint);
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new InvalidInputError([{ path: 'endpoint', message: `unsupported protocol ${url.protocol}` }], {
      provider,
      what: `${provider} options`,
    });
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname) && !options.allowInsecureHttp)
    throw new InvalidInputError(
      [
        {
          path: 'endpoint',
          message: `plain http to ${url.hostname} would send signed requests unencrypted; use https, a loopback host, or allowInsecureHttp: true`,
        },
      ],
      { provider, what: `${provider} options` },
    );
  return url;
}

/** The error for credentials found neither in options nor in the environment. */
export function missingCredentials(provider: string, source: string, hint: string): InvalidInputError {
  return new InvalidInputError([{ path: 'credentials', message: hint }], {
    provider,
    source,
    what: `${provider} credentials`,
  });
}
