import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import type { Job } from '../../src/model/job.js';
import type { FaultKind, SimulatorOptions } from '../../src/testing/simulator/index.js';
import { startSimulator } from '../../src/testing/simulator/index.js';
import { knob, suiteTimeout } from './knobs.js';
import { adaptersFor, byProvider, countsFor, listAll, readsNeeded } from './support.js';
import { reliabilityTargets as targets } from './targets.js';

/**
 * Every cloud at once behind a simulator that fails one request in five (500, 503, a reset
 * connection, a response that stalls past the timeout) and throttles whoever sends faster than its
 * rate limit. Each listing must come back exact — nothing lost, nothing twice, in order — and the
 * attempts it took must stay within twice the reads it needs when nothing goes wrong.
 */

// Three, so that `npm test` runs each way a listing can run once.
const seeds = knob('CLOUDJOBS_SOAK_FAULT_SEEDS', 3, 21);
// Native records per cloud: jobs, or job groups of a few jobs each for CityVisual.
const records = knob('CLOUDJOBS_SOAK_FAULT_RECORDS', 400, 800);
const faultRate = 0.2;
const pageSize = 10;
// The clouds' limit, and a client that sends a little faster, so that throttling happens as well.
const cloudRate = 30;
const clientRate = 40;
const kinds: FaultKind[] = ['server-error', 'unavailable', 'reset', 'stall'];

const adapterOptions = {
  pageSize,
  rateLimit: clientRate,
  timeoutMs: 150,
  retry: { maxAttempts: 15, baseDelayMs: 5, maxDelayMs: 40 },
};

const modes = ['in turn', 'sorted', 'interleaved'] as const;

function expectExact(listed: Job[], expected: Map<string, string[]>, sorted: boolean, label: string) {
  const ids = listed.map((job) => `${job.source}/${job.id}`);
  expect(new Set(ids).size, `${label}: a job came twice`).toBe(ids.length);
  const got = byProvider(listed);
  for (const [provider, wanted] of expected) {
    const actual = got.get(provider) ?? [];
    if (sorted) expect([...actual].sort(), `${label}: ${provider}`).toEqual([...wanted].sort());
    else expect(actual, `${label}: ${provider}`).toEqual(wanted);
  }
  if (sorted) {
    const times = listed.map((job) => job.createdAt?.getTime() ?? Number.POSITIVE_INFINITY);
    expect(times, `${label}: sorted`).toEqual([...times].sort((a, b) => a - b));
  }
}

describe('faults and throttling on every cloud at once', () => {
  it(
    `${seeds} seeds × ${records} records per cloud, ${faultRate * 100}% faults: exact listings within 2× the reads needed`,
    async () => {
      const totals = { attempts: 0, needed: 0, throttled: 0, faults: 0 };
      for (let seed = 1; seed <= seeds; seed++) {
        const simulator: SimulatorOptions = {
          seed,
          counts: countsFor(targets, records),
          latencyMs: { min: 1, max: 4 },
          rateLimit: Object.fromEntries(targets.map((target) => [target.conformance.providerId, cloudRate])),
          faults: { rate: faultRate, kinds, stallMs: 400, seed: seed * 7 },
        };
        // Rotate the three ways a listing runs: instance by instance, all at once (sorted), and
        // all at once passed on as reads arrive (interleaved).
        const mode = modes[(seed - 1) % modes.length] as (typeof modes)[number];
        const sorted = mode === 'sorted';
        const needed = await readsNeeded(targets, simulator, { pageSize });
        const sim = await startSimulator(simulator);
        try {
          const expected = new Map(
            targets.map((target) => [target.conformance.providerId, target.conformance.expectedJobIds(sim)]),
          );
          const client = createClient({ providers: adaptersFor(targets, sim, adapterOptions) });
          const listed = await listAll(
            client.jobs(sorted ? { sort: { by: 'createdAt' } } : {}, { interleave: mode === 'interleaved' }),
          );
          expectExact(listed, expected, sorted, `seed ${seed} (${mode})`);
          const stats = sim.stats();
          for (const target of targets) {
            const id = target.conformance.providerId;
            const { requests, throttled, faults } = stats[id];
            expect(
              requests,
              `seed ${seed} ${id}: attempts against ${needed[id]} reads needed`,
            ).toBeLessThanOrEqual(2 * (needed[id] as number));
            totals.attempts += requests;
            totals.needed += needed[id] as number;
            totals.throttled += throttled;
            totals.faults += Object.values(faults).reduce((sum, count) => sum + count, 0);
          }
        } finally {
          await sim.stop();
        }
      }
      // The run proves something only if both kinds of trouble happened.
      expect(totals.faults).toBeGreaterThan(0);
      expect(totals.throttled).toBeGreaterThan(0);
      console.info(
        `faults: ${totals.attempts} attempts for ${totals.needed} reads needed (${(totals.attempts / totals.needed).toFixed(2)}×), ${totals.faults} faults, ${totals.throttled} throttled`,
      );
    },
    suiteTimeout,
  );

  it(
    'listJobs cursors under the same faults: the pages concatenate to the exact listing',
    async () => {
      const simulator: SimulatorOptions = {
        seed: 99,
        counts: countsFor(targets, Math.min(records, 200)),
        faults: { rate: faultRate, kinds, stallMs: 400, seed: 3 },
      };
      const sim = await startSimulator(simulator);
      try {
        const client = createClient({
          providers: adaptersFor(targets, sim, { ...adapterOptions, rateLimit: 1_000 }),
        });
        const listed: Job[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<typeof client.listJobs>> = await client.listJobs({
            pageSize: 37,
            cursor,
          });
          expect(page.errors).toEqual([]);
          listed.push(...page.items);
          cursor = page.nextCursor;
        } while (cursor);
        const expected = new Map(
          targets.map((target) => [target.conformance.providerId, target.conformance.expectedJobIds(sim)]),
        );
        expectExact(listed, expected, false, 'listJobs');
      } finally {
        await sim.stop();
      }
    },
    suiteTimeout,
  );
});
