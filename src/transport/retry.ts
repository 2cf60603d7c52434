export interface RetryOptions {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const defaultRetryOptions: RetryOptions = { maxAttempts: 5, baseDelayMs: 250, maxDelayMs: 20_000 };

/**
 * Exponential backoff with full jitter: a uniform delay in [0, min(max, base·2^retry)]. Full jitter
 * spreads the retries of many concurrent page fetches instead of sending them back in step.
 */
export function backoffDelay(
  retry: number,
  options: RetryOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** retry);
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After as seconds or as an HTTP date, in milliseconds from `now`, clamped to
 * [0, maxDelayMs]; null when absent or unreadable.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number,
  maxDelayMs: number,
): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  let ms: number;
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) ms = Number(trimmed) * 1000;
  else {
    const at = Date.parse(trimmed);
    if (Number.isNaN(at)) return null;
    ms = at - now;
  }
  return Math.min(maxDelayMs, Math.max(0, Math.ceil(ms)));
}
