import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import { MalformedResponseError, PartialFailureError, ProviderApiError } from '../../src/errors.js';
import type { Job } from '../../src/model/job.js';
import type { JobQuery } from '../../src/model/query.js';
import { type Simulator, type SimulatorOptions, startSimulator } from '../../src/testing/simulator/index.js';
import { queryArbitraryFrom } from '../support/data-queries.js';
import { referenceListing } from '../support/reference.js';
import { type ConformanceTarget, targets } from './targets.js';

/**
 * The adapter conformance suite: one suite, run unchanged against every provider through the
 * simulator. Fast retries keep it quick; the behaviour under test is the same.
 */
const quickRetry = { retry: { maxAttempts: 6, baseDelayMs: 5, maxDelayMs: 50 } };

async function listAll(iterable: AsyncIterable<Job>): Promise<Job[]> {
  const out: Job[] = [];
  for await (const job of iterable) out.push(job);
  return out;
}

describe.each(targets.map((target) => [target.providerId, target] as const))(
  'conformance: %s',
  (_name, target: ConformanceTarget) => {
    let sim: Simulator | null = null;
    afterEach(async () => {
      await sim?.stop();
      sim = null;
    });

    const start = async (options: SimulatorOptions = {}) => {
      sim = await startSimulator({ seed: 11, ...options });
      return sim;
    };
    const adapter = (extra: Record<string, unknown> = {}) =>
      target.create({
        ...(sim as Simulator).providerOptions(target.providerId),
        rateLimit: 1000,
        ...quickRetry,
        ...extra,
      });

    it('lists every job exactly once, in the cloud’s order', async () => {
      await start({ counts: target.counts(40) });
      const jobs = await listAll(createClient({ providers: [adapter()] }).jobs());
      const ids = jobs.map((job) => job.id);
      expect(ids).toEqual(target.expectedJobIds(sim as Simulator));
      expect(new Set(ids).size).toBe(ids.length);
      for (const job of jobs) {
        expect(job.provider).toBe(target.providerId);
        expect(Object.keys(job)).toHaveLength(20);
        expect(job.raw).toBeDefined();
      }
    });

    it('for a few hundred random queries, the result equals local filtering of everything', async () => {
      await start({ counts: target.counts(60) });
      const client = createClient({ providers: [adapter({ pageSize: target.smallPageSize })] });
      const everything = await listAll(client.jobs());
      const queries = fc.sample(queryArbitraryFrom(everything), { numRuns: 250, seed: 20261122 });
      for (const query of queries) {
        const listed = await listAll(client.jobs(query as JobQuery));
        expect(
          listed.map((job) => job.id),
          JSON.stringify(query),
        ).toEqual(referenceListing(everything, query).map((job) => job.id));
      }
    });

    it.each([0, 1, 'page', 'page+1', 'many'] as const)('page edge: %s records', async (edge) => {
      const size = target.smallPageSize;
      const records =
        edge === 'page' ? size : edge === 'page+1' ? size + 1 : edge === 'many' ? size * 3 + 2 : edge;
      await start({ counts: target.counts(records) });
      // Without overlap, one request per page exactly; with it (the default), the same jobs.
      const plain = createClient({ providers: [adapter({ pageSize: size })], pageOverlap: 0 });
      expect((await listAll(plain.jobs())).map((job) => job.id)).toEqual(
        target.expectedJobIds(sim as Simulator),
      );
      expect((sim as Simulator).stats()[target.providerId].requests).toBe(
        Math.max(1, Math.ceil(records / size)),
      );
      const overlapped = createClient({ providers: [adapter({ pageSize: size })] });
      expect((await listAll(overlapped.jobs())).map((job) => job.id)).toEqual(
        target.expectedJobIds(sim as Simulator),
      );
    });

    it.each(target.failures)(
      'error class $kind ($code) is typed and not retried',
      async ({ kind, code, options }) => {
        await start({ counts: target.counts(5) });
        const failing = target.create({ ...options(sim as Simulator), ...quickRetry });
        const error = await listAll(createClient({ providers: [failing], failFast: true }).jobs()).catch(
          (caught) => caught,
        );
        expect(error).toBeInstanceOf(ProviderApiError);
        expect(error).toMatchObject({ kind, code, provider: target.providerId });
        expect((sim as Simulator).stats()[target.providerId].requests).toBe(1);
      },
    );

    it('throttling is retried within the rate limit, and the listing is complete', async () => {
      await start({ counts: target.counts(target.smallPageSize * 6), rateLimit: { [target.providerId]: 3 } });
      const started = Date.now();
      const jobs = await listAll(
        createClient({
          pageOverlap: 0,
          providers: [
            adapter({
              pageSize: target.smallPageSize,
              rateLimit: 40,
              // Room for the cloud's Retry-After: a ceiling below it would retry too early.
              retry: { maxAttempts: 8, baseDelayMs: 50, maxDelayMs: 2_000 },
            }),
          ],
        }).jobs(),
      );
      expect(jobs.map((job) => job.id)).toEqual(target.expectedJobIds(sim as Simulator));
      const stats = (sim as Simulator).stats()[target.providerId];
      expect(stats.throttled).toBeGreaterThan(0);
      expect(stats.served).toBe(6);
      expect(Date.now() - started).toBeLessThan(10_000);
    });

    it('server errors, resets and stalls are retried: nothing lost, nothing twice', async () => {
      await start({
        counts: target.counts(target.smallPageSize * 8),
        faults: {
          rate: 0.3,
          kinds: ['server-error', 'unavailable', 'reset', 'stall'],
          stallMs: 1_000,
          seed: 5,
        },
      });
      const jobs = await listAll(
        createClient({
          providers: [
            adapter({
              pageSize: target.smallPageSize,
              timeoutMs: 250,
              retry: { maxAttempts: 10, baseDelayMs: 5, maxDelayMs: 20 },
            }),
          ],
        }).jobs(),
      );
      expect(jobs.map((job) => job.id)).toEqual(target.expectedJobIds(sim as Simulator));
      const faults = (sim as Simulator).stats()[target.providerId].faults;
      expect(faults['server-error'] + faults.unavailable + faults.reset + faults.stall).toBeGreaterThan(0);
    });

    it('a malformed (truncated) answer is a MalformedResponseError, never a TypeError', async () => {
      await start({ counts: target.counts(3), faults: { rate: 1, kinds: ['malformed'] } });
      const error = await listAll(createClient({ providers: [adapter()] }).jobs()).catch((caught) => caught);
      expect(error).toBeInstanceOf(PartialFailureError);
      expect(error.errors[0].error).toBeInstanceOf(MalformedResponseError);
    });

    it('an AbortSignal stops the listing at once', async () => {
      await start({ counts: target.counts(target.smallPageSize * 10), latencyMs: 100 });
      const controller = new AbortController();
      const client = createClient({
        providers: [adapter({ pageSize: target.smallPageSize, concurrency: 1 })],
      });
      const started = Date.now();
      const run = (async () => {
        for await (const _job of client.jobs({}, { signal: controller.signal }))
          controller.abort(new Error('enough'));
      })();
      await expect(run).rejects.toThrow('enough');
      expect(Date.now() - started).toBeLessThan(1_000);
    });

    it('takes credentials (and scope) from the environment', async () => {
      await start({ counts: target.counts(5) });
      const { credentials: _credentials, ...options } = (sim as Simulator).providerOptions(target.providerId);
      const fromEnvironment = target.create({
        ...options,
        env: (sim as Simulator).environment(target.providerId),
      });
      const jobs = await listAll(createClient({ providers: [fromEnvironment] }).jobs());
      expect(jobs.map((job) => job.id)).toEqual(target.expectedJobIds(sim as Simulator));
      const missing = target.create({ ...options, env: {} });
      const error = await listAll(createClient({ providers: [missing], failFast: true }).jobs()).catch(
        (caught) => caught,
      );
      expect(error.name).toBe('InvalidInputError');
      expect((sim as Simulator).stats()[target.providerId].requests).toBe(1);
    });
  },
);
