export { type Clock, systemClock } from './clock.js';
export { type HttpRequest, type HttpResponse, RequestTimeout, sendHttp } from './http.js';
export { RateLimiter, type RateLimiterOptions } from './rate-limit.js';
export { backoffDelay, defaultRetryOptions, parseRetryAfter, type RetryOptions } from './retry.js';
export {
  type AttemptEvent,
  defaultTimeoutMs,
  type ExchangeSpec,
  Transport,
  type TransportOptions,
} from './transport.js';
