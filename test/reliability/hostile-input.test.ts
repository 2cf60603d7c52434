import fc from 'fast-check';
import { MockAgent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import { MalformedResponseError, ProviderApiError } from '../../src/errors.js';
import { JobSchema } from '../../src/model/job.js';
import { type Simulator, startSimulator } from '../../src/testing/simulator/index.js';
import type { HttpResponse } from '../../src/transport/http.js';
import { makeJob, memoryAdapter } from '../support/memory-adapter.js';
import { jsonBodies, responseHeaders, statuses, xmlBodies } from './hostile.js';
import { knob, suiteTimeout } from './knobs.js';
import { countsFor, listAll } from './support.js';
import { fixture, type ReliabilityTarget, reliabilityTargets as targets } from './targets.js';

/**
 * Whatever a cloud (or something in front of it) sends, reading it ends in jobs that fit the
 * unified model or in a typed cloudjobs error — never a TypeError, a RangeError, a hang.
 */

const runs = knob('CLOUDJOBS_SOAK_FUZZ_RUNS', 150, 5_000);
const endToEndRuns = knob('CLOUDJOBS_SOAK_FUZZ_E2E_RUNS', 25, 500);
// A read of a 5 MB body is far quicker than this; a hang is not.
const maximumReadMs = 3_000;

/**
 * fc.assert, with the counterexample cut short in the failure: a hostile body can be megabytes,
 * and the report should still fit on a screen.
 */
async function assertQuietly<T>(
  property: fc.IProperty<T> | fc.IAsyncProperty<T>,
  parameters: fc.Parameters<T>,
): Promise<void> {
  const details = await fc.check(property as fc.IAsyncProperty<T>, parameters);
  if (!details.failed) return;
  const shown = JSON.stringify(details.counterexample, (_key, value) =>
    typeof value === 'string' && value.length > 300
      ? `${value.slice(0, 300)}… (${value.length} characters)`
      : value,
  );
  throw new Error(
    `property failed (seed ${details.seed}, path ${details.counterexamplePath}): ${String(details.errorInstance)}\ncounterexample: ${shown?.slice(0, 2_000)}`,
  );
}

function bodiesFor(target: ReliabilityTarget): fc.Arbitrary<string> {
  const files = [...target.examples, ...target.errors.map(({ file }) => file)];
  const ofFormat = (extension: string) =>
    files.filter((file) => file.endsWith(extension)).map((file) => fixture(target, file));
  const json = jsonBodies(ofFormat('.json'));
  return target.formats.includes('xml') ? fc.oneof(json, xmlBodies(ofFormat('.xml'))) : json;
}

/** What reading one response came to: jobs that fit the model, or a typed error; anything else fails. */
function expectTyped(target: ReliabilityTarget, response: HttpResponse): void {
  const started = performance.now();
  let outcome: unknown;
  try {
    outcome = target.read(response);
  } catch (error) {
    outcome = error;
  }
  const elapsed = performance.now() - started;
  expect(elapsed, 'a read that takes this long is a hang in the making').toBeLessThan(maximumReadMs);
  // No entity is ever expanded and no external one fetched, whatever the body declares.
  const shown = outcome instanceof Error ? outcome.message : JSON.stringify(outcome);
  expect(shown.includes('lollollol'), 'an entity was expanded').toBe(false);
  expect(/root:.*:0:0:/.test(shown), 'an external entity was read').toBe(false);
  if (outcome instanceof Error) {
    if (!(outcome instanceof MalformedResponseError || outcome instanceof ProviderApiError))
      throw new Error(`untyped ${outcome.name}: ${outcome.message}`, { cause: outcome });
    // Bounded, whatever the size of the body it came from.
    expect(outcome.message.length).toBeLessThan(100_000);
    return;
  }
  expect(Array.isArray(outcome)).toBe(true);
  for (const job of outcome as unknown[]) {
    const checked = JobSchema.safeParse(job);
    if (!checked.success) throw new Error(`a job that does not fit the model: ${checked.error.message}`);
    for (const date of [checked.data.createdAt, checked.data.startedAt, checked.data.endedAt])
      if (date) expect(Number.isNaN(date.getTime()), 'an Invalid Date').toBe(false);
  }
}

describe.each(targets.map((target) => [target.conformance.providerId, target] as const))(
  'hostile input: %s',
  (_name, target) => {
    it(
      `${runs} random, mutated, huge, deep and truncated responses: typed errors or valid jobs`,
      async () => {
        await assertQuietly(
          fc.property(bodiesFor(target), statuses, responseHeaders, (body, status, headers) =>
            expectTyped(target, { status, headers, body }),
          ),
          { numRuns: runs, seed: 20261122 },
        );
      },
      suiteTimeout,
    );

    it('every documented example and error body reads as jobs or as the cloud error it is', () => {
      for (const file of target.examples)
        expect(target.read({ status: 200, headers: {}, body: fixture(target, file) }).length).toBeGreaterThan(
          0,
        );
      for (const { file, status } of target.errors) {
        let caught: unknown;
        try {
          target.read({ status, headers: {}, body: fixture(target, file) });
        } catch (error) {
          caught = error;
        }
        expect(caught, file).toBeInstanceOf(ProviderApiError);
      }
    });
  },
);

describe('hostile input: names that mean something to JavaScript', () => {
  const tencent = targets.find((target) => target.conformance.providerId === 'tencent-batch');
  it.runIf(tencent)('a tag key of any text, __proto__ included, stays an own key of job.tags', async () => {
    const example = JSON.parse(fixture(tencent as ReliabilityTarget, 'DescribeJobs.json'));
    const key = fc.oneof(
      fc.string(),
      fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty'),
    );
    await assertQuietly(
      fc.property(key, fc.string(), (name, value) => {
        example.Response.JobSet[0].Tags = [{ Key: name, Value: value }];
        // The body as the cloud sends it: JSON.parse makes `__proto__` an own key, as the cloud means it.
        const body = JSON.stringify(example);
        const [job] = (tencent as ReliabilityTarget).read({ status: 200, headers: {}, body });
        expect(Object.hasOwn(job?.tags ?? {}, name)).toBe(true);
        expect(job?.tags[name]).toBe(value);
        expect(Object.getPrototypeOf(job?.tags)).toBe(Object.prototype);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe('hostile input through the adapters (MockAgent, client.jobs())', () => {
  let sim: Simulator;
  beforeAll(async () => {
    // Only for each cloud's factory options (region, scope, credentials); requests go to the mock.
    sim = await startSimulator({ seed: 5, counts: countsFor(targets, 1) });
  });
  afterAll(() => sim.stop());

  it.each(targets.map((target) => [target.conformance.providerId, target] as const))(
    `%s: ${endToEndRuns} hostile responses end in a typed error or a valid listing`,
    async (_name, target) => {
      await assertQuietly(
        fc.asyncProperty(bodiesFor(target), statuses, responseHeaders, async (body, status, headers) => {
          const agent = new MockAgent();
          agent.disableNetConnect();
          const origin = 'https://cloud.example.com';
          agent
            .get(origin)
            .intercept({ path: () => true, method: () => true })
            .reply(status, body, { headers })
            .persist();
          try {
            const adapter = target.conformance.create({
              ...sim.providerOptions(target.conformance.providerId),
              endpoint: origin,
              dispatcher: agent,
              rateLimit: 100_000,
              retry: { maxAttempts: 2, baseDelayMs: 0, maxDelayMs: 1 },
              timeoutMs: 2_000,
            });
            // A limit, so that a body claiming a huge total with full pages ends after a few reads.
            const jobs = await listAll(
              createClient({ providers: [adapter], failFast: true }).jobs({ limit: 300 }),
            );
            for (const job of jobs) expect(JobSchema.safeParse(job).success).toBe(true);
          } catch (error) {
            if (!(error instanceof MalformedResponseError || error instanceof ProviderApiError))
              throw new Error(`untyped ${(error as Error).name}: ${(error as Error).message}`, {
                cause: error,
              });
          } finally {
            await agent.close();
          }
        }),
        { numRuns: endToEndRuns, seed: 20261123 },
      );
    },
    suiteTimeout,
  );
});

describe('hostile paging', () => {
  it.each(['offset', 'numbered'] as const)(
    '%s paging: a cloud that answers every position with the same full page and a total it never reaches ends in a MalformedResponseError, not an endless listing',
    async (paging) => {
      const page = Array.from({ length: 20 }, (_, index) => makeJob({ id: `same-${index}` }));
      const adapter = memoryAdapter({ jobs: page, pageSize: 20, paging });
      const lister = adapter.jobLister as NonNullable<typeof adapter.jobLister>;
      let reads = 0;
      (lister as { fetchPage: typeof lister.fetchPage }).fetchPage = async () => {
        reads++;
        return { items: page, count: page.length, total: 1e12 };
      };
      for (const pageOverlap of [2, 0]) {
        reads = 0;
        const error = await listAll(createClient({ providers: [adapter], pageOverlap }).jobs()).catch(
          (caught) => caught,
        );
        expect(error.errors[0].error).toBeInstanceOf(MalformedResponseError);
        expect(reads).toBeLessThan(20);
      }
    },
  );
});
