import type { Dispatcher } from 'undici';
import { createClient } from '../../src/client.js';
import type { Job } from '../../src/model/job.js';
import type { Adapter } from '../../src/providers/adapter.js';
import {
  type SimulatedProviderId,
  type Simulator,
  type SimulatorOptions,
  startSimulator,
} from '../../src/testing/simulator/index.js';
import type { ReliabilityTarget } from './targets.js';

export async function listAll(iterable: AsyncIterable<Job>): Promise<Job[]> {
  const out: Job[] = [];
  for await (const job of iterable) out.push(job);
  return out;
}

/** The simulator's `counts` for `jobs` jobs on every target's cloud. */
export function countsFor(targets: readonly ReliabilityTarget[], jobs: number): SimulatorOptions['counts'] {
  return Object.assign({}, ...targets.map((target) => target.conformance.counts(jobs)));
}

/** Jobs listed per cloud, in listing order. */
export function byProvider(jobs: readonly Job[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const job of jobs) {
    const ids = out.get(job.provider) ?? [];
    ids.push(job.id);
    out.set(job.provider, ids);
  }
  return out;
}

/**
 * Requests a listing needs when nothing goes wrong: the same listing, with the same adapter
 * options, against a simulator with the same seed and data but no faults and no rate limit.
 */
export async function readsNeeded(
  targets: readonly ReliabilityTarget[],
  simulator: SimulatorOptions,
  options: Record<string, unknown>,
  pageOverlap?: number,
): Promise<Record<string, number>> {
  const { faults: _faults, rateLimit: _rateLimit, latencyMs: _latency, ...clean } = simulator;
  const sim = await startSimulator(clean);
  try {
    const providers = targets.map((target) =>
      target.conformance.create({
        ...sim.providerOptions(target.conformance.providerId),
        ...options,
        rateLimit: 10_000,
      }),
    );
    await listAll(createClient({ providers, ...(pageOverlap === undefined ? {} : { pageOverlap }) }).jobs());
    const stats = sim.stats();
    return Object.fromEntries(
      targets.map((target) => [target.conformance.providerId, stats[target.conformance.providerId].requests]),
    );
  } finally {
    await sim.stop();
  }
}

export function adaptersFor(
  targets: readonly ReliabilityTarget[],
  sim: Simulator,
  options: Record<string, unknown> | ((id: SimulatedProviderId) => Record<string, unknown>),
): Adapter[] {
  return targets.map((target) => {
    const id = target.conformance.providerId;
    return target.conformance.create({
      ...sim.providerOptions(id),
      ...(typeof options === 'function' ? options(id) : options),
    });
  });
}

/** Calls `before` ahead of every request a dispatcher sends (undici interceptor). */
export function beforeEachRequest(
  dispatcher: Dispatcher,
  before: (request: Dispatcher.DispatchOptions) => void,
): Dispatcher {
  return dispatcher.compose((dispatch) => (request, handler) => {
    before(request);
    return dispatch(request, handler);
  });
}

/** Header values of a dispatched request, names in lower case. */
export function headerValues(headers: Dispatcher.DispatchOptions['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!headers) return out;
  if (Array.isArray(headers)) {
    for (let index = 0; index + 1 < headers.length; index += 2)
      out[String(headers[index]).toLowerCase()] = String(headers[index + 1]);
    return out;
  }
  const entries =
    typeof (headers as Iterable<unknown>)[Symbol.iterator] === 'function'
      ? [...(headers as Iterable<[string, string]>)]
      : Object.entries(headers as Record<string, string | string[] | undefined>);
  for (const [name, value] of entries)
    if (value !== undefined)
      out[String(name).toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}
