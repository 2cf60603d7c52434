import type { IncomingHttpHeaders } from 'node:http';

/** A request as a simulated cloud sees it. */
export interface SimulatorRequest {
  method: string;
  url: URL;
  /** Lower-case header names. */
  headers: IncomingHttpHeaders;
  body: string;
  /** The simulator clock when the request arrived (ms since the epoch). */
  receivedAt: number;
}

export interface SimulatorResponse {
  status: number;
  headers?: Record<string, string>;
  body: string;
  /** How the server counts the answer; default `served` for 2xx, `invalid` otherwise. */
  outcome?: 'served' | 'rejected' | 'invalid' | 'throttled';
}

/**
 * `malformed` answers 200 with the real body cut in half (a truncated payload); it is never drawn
 * unless named in `kinds`, since no retry can cure it.
 */
export type FaultKind = 'server-error' | 'unavailable' | 'reset' | 'stall' | 'malformed';

/** Per-cloud counters. */
export interface CloudStats {
  requests: number;
  /** Answered with a page or a write result. */
  served: number;
  /** Refused for a bad signature, expired timestamp, reused nonce, bad token. */
  rejected: number;
  throttled: number;
  /** Invalid parameters and the like. */
  invalid: number;
  faults: Record<FaultKind, number>;
}

/** What the server offers every cloud module. */
export interface CloudContext {
  /** The simulator's clock. */
  now(): number;
}

/**
 * One simulated cloud. The server routes each request to the first module that claims it, after
 * latency, fault injection and rate limiting, which answer in the cloud's own shapes.
 */
export interface CloudModule {
  /** The provider id of the adapter that talks to this cloud. */
  readonly id: string;
  claims(request: SimulatorRequest): boolean;
  /** The action named by the request, for stats and logs. */
  action(request: SimulatorRequest): string;
  handle(request: SimulatorRequest, context: CloudContext): SimulatorResponse | Promise<SimulatorResponse>;
  /** The cloud's answer when its rate limit is exceeded. */
  throttled(request: SimulatorRequest): SimulatorResponse;
  /** The cloud's answer to an internal error (500) or unavailability (503). */
  serverError(request: SimulatorRequest, status: 500 | 503): SimulatorResponse;
  /** Factory options (region, endpoint, credentials, scope) that reach this module at `url`. */
  providerOptions(url: string): object;
}
