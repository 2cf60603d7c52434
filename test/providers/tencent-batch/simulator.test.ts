import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client.js';
import type { JobQuery } from '../../../src/model/query.js';
import { type TencentBatchOptions, tencentBatch } from '../../../src/providers/tencent-batch/index.js';
import { type Simulator, startSimulator } from '../../../src/testing/simulator/index.js';
import { referenceListing } from '../../support/reference.js';
import { collect } from './fake-tencent.js';

// The project's simulator checks TC3 signatures with its own implementation and filters as the
// documents describe, over real loopback HTTP: the adapter end to end, without MockAgent.
describe('tencent-batch against the simulator', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ seed: 3, counts: { 'tencent-batch': 230 } });
  });
  afterAll(async () => sim.stop());

  const adapter = (options: Partial<TencentBatchOptions> = {}) =>
    tencentBatch({
      ...sim.providerOptions('tencent-batch'),
      rateLimit: 1000,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 },
      ...options,
    });

  it('lists every job in the native order, every request accepted', async () => {
    sim.resetStats();
    const jobs = await collect(createClient({ providers: [adapter()] }).jobs());
    expect(jobs.map((job) => job.id)).toEqual(sim.data['tencent-batch'].map((record) => record.JobId));
    expect(jobs.map((job) => job.raw)).toEqual(sim.data['tencent-batch']);
    const stats = sim.stats()['tencent-batch'];
    expect(stats.requests).toBe(3);
    expect(stats.rejected).toBe(0);
    expect(stats.invalid).toBe(0);
  });

  it('takes the credentials from the environment the simulator names', async () => {
    const jobs = await collect(
      createClient({
        providers: [adapter({ credentials: undefined, env: sim.environment('tencent-batch') })],
      }).jobs({ limit: 3 }),
    );
    expect(jobs).toHaveLength(3);
  });

  it('recovers from a local clock 20 minutes slow by the Date header of the refusal', async () => {
    const slow = adapter({ clock: { now: () => Date.now() - 20 * 60_000, sleep: async () => undefined } });
    const jobs = await collect(createClient({ providers: [slow] }).jobs({ limit: 5 }));
    expect(jobs).toHaveLength(5);
    expect(Math.abs(slow.clockOffset - 20 * 60_000)).toBeLessThan(5000);
  });

  it('gives the same jobs with and without pushdown, as the reference filter does, and the simulator refuses nothing', async () => {
    const records = sim.data['tencent-batch'];
    const everything = await collect(createClient({ providers: [adapter()], pushdown: false }).jobs());
    const names = [...new Set(records.map((record) => record.JobName))].slice(0, 4);
    const ids = records.map((record) => record.JobId);
    const zones = [...new Set(records.map((record) => record.Placement.Zone))];
    const tagKeys = [...new Set(records.flatMap((record) => record.Tags.map((tag) => tag.Key)))];
    const tagValues = [...new Set(records.flatMap((record) => record.Tags.map((tag) => tag.Value)))];
    const statuses = ['pending', 'starting', 'running', 'stopped', 'succeeded', 'failed', 'unknown'] as const;
    const query = fc.record(
      {
        ids: fc.oneof(
          fc.subarray([...ids, 'nope'], { minLength: 1, maxLength: 5 }),
          fc.shuffledSubarray(ids, { minLength: 101, maxLength: 200 }),
        ),
        name: fc.constantFrom(...names),
        status: fc.subarray([...statuses], { minLength: 1, maxLength: 3 }),
        zone: fc.subarray([...zones, 'ap-shanghai-2'], { minLength: 1, maxLength: 2 }),
        tags: fc.dictionary(
          fc.constantFrom(...tagKeys),
          fc.oneof(fc.constantFrom(...tagValues), fc.constant(true as const)),
          { minKeys: 1, maxKeys: 2 },
        ),
        nameContains: fc.constantFrom('a', 'E', 'zz'),
        sort: fc.record({
          by: fc.constantFrom('createdAt', 'name', 'id' as const),
          order: fc.constantFrom('asc', 'desc' as const),
        }),
        limit: fc.integer({ min: 1, max: 50 }),
      },
      { requiredKeys: [] },
    );
    sim.resetStats();
    await fc.assert(
      fc.asyncProperty(query, async (q) => {
        const expected = referenceListing(everything, q).map((job) => job.id);
        const pushed = await collect(createClient({ providers: [adapter()] }).jobs(q as JobQuery));
        const local = await collect(
          createClient({ providers: [adapter()], pushdown: false }).jobs(q as JobQuery),
        );
        expect(pushed.map((job) => job.id)).toEqual(expected);
        expect(local.map((job) => job.id)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
    const stats = sim.stats()['tencent-batch'];
    expect(stats.rejected).toBe(0);
    expect(stats.invalid).toBe(0);
  });
});
