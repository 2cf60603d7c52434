import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import { InvalidInputError, PartialFailureError, ProviderApiError } from '../../src/errors.js';
import type { Job } from '../../src/model/job.js';
import { makeJob, memoryAdapter } from '../support/memory-adapter.js';

/**
 * `jobs(q, { interleave: true })`: every instance read at once, each read's jobs passed on as it
 * arrives. The same jobs as instance by instance, each instance in its own order, and no
 * instance waits for another to finish.
 */

const jobsNamed = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, index) =>
    makeJob({ id: `${prefix}${index}`, status: index % 3 === 0 ? 'failed' : 'running' }),
  );

async function drain(iterable: AsyncIterable<Job>): Promise<{ keys: string[]; error: unknown }> {
  const keys: string[] = [];
  try {
    for await (const job of iterable) keys.push(job.id);
    return { keys, error: null };
  } catch (error) {
    return { keys, error };
  }
}

// Each instance's ids carry its own prefix.
const of = (ids: string[], prefix: string) => ids.filter((id) => id.startsWith(prefix));

/** A gate the test opens by hand: pages wait at it, so which instance is ahead is up to the test. */
function gate() {
  let open: () => void = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe('interleaved listing', () => {
  it('yields the jobs of an instance while an earlier instance is still waiting for its reads', {
    timeout: 5000,
  }, async () => {
    const slow = gate();
    const first = memoryAdapter({
      providerId: 'alpha',
      name: 'a',
      jobs: jobsNamed(30, 'a'),
      pageSize: 10,
      beforePage: (request) => (request.index > 0 ? slow.opened : undefined),
    });
    const second = memoryAdapter({ providerId: 'beta', name: 'b', jobs: jobsNamed(25, 'b'), pageSize: 10 });
    const client = createClient({ providers: [first, second] });
    const iterator = client.jobs({}, { interleave: true })[Symbol.asyncIterator]();
    const seen: string[] = [];
    // Every job of `b` comes while `a` is stuck after its first read; instance by instance, none
    // of them could come before all of `a`.
    while (of(seen, 'b').length < 25) {
      const step = await iterator.next();
      if (step.done) throw new Error('ended early');
      seen.push(step.value.id);
    }
    expect(of(seen, 'a').length).toBeLessThanOrEqual(10);
    slow.open();
    for (let step = await iterator.next(); !step.done; step = await iterator.next()) seen.push(step.value.id);
    expect(of(seen, 'a')).toEqual(jobsNamed(30, 'a').map((job) => job.id));
    expect(of(seen, 'b')).toEqual(jobsNamed(25, 'b').map((job) => job.id));
  });

  it('lists the same jobs as instance by instance, each instance in its own order (random instances and queries)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            count: fc.integer({ min: 0, max: 60 }),
            pageSize: fc.integer({ min: 1, max: 15 }),
            concurrency: fc.integer({ min: 1, max: 4 }),
            paging: fc.constantFrom('offset' as const, 'numbered' as const, 'token' as const),
            delays: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 5 }),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.constantFrom({}, { status: 'failed' as const }, { limit: 17 }, { nameContains: 'zz' }),
        async (instances, query) => {
          const providers = () =>
            instances.map((instance, position) =>
              memoryAdapter({
                providerId: `p${position}`,
                name: `s${position}`,
                jobs: jobsNamed(instance.count, `j${position}-`),
                pageSize: instance.pageSize,
                concurrency: instance.concurrency,
                paging: instance.paging,
                // Reads finish out of order, across instances and within one.
                beforePage: (request) =>
                  new Promise((resolve) =>
                    setTimeout(resolve, instance.delays[request.index % instance.delays.length]),
                  ),
              }),
            );
          const inTurn = await drain(createClient({ providers: providers() }).jobs(query));
          const interleaved = await drain(
            createClient({ providers: providers() }).jobs(query, { interleave: true }),
          );
          expect(inTurn.error).toBeNull();
          expect(interleaved.error).toBeNull();
          if (query.limit === undefined) {
            expect([...interleaved.keys].sort()).toEqual([...inTurn.keys].sort());
            for (const [position] of instances.entries())
              expect(of(interleaved.keys, `j${position}-`)).toEqual(of(inTurn.keys, `j${position}-`));
          } else {
            // With a limit: as many as instance by instance, each instance a prefix of its own order.
            expect(interleaved.keys).toHaveLength(inTurn.keys.length);
            const all = await drain(createClient({ providers: providers() }).jobs({}));
            for (const [position] of instances.entries()) {
              const mine = of(interleaved.keys, `j${position}-`);
              expect(mine).toEqual(of(all.keys, `j${position}-`).slice(0, mine.length));
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('stops reading once the limit is reached', async () => {
    const adapters = [
      memoryAdapter({ providerId: 'alpha', name: 'a', jobs: jobsNamed(500, 'a'), pageSize: 10 }),
      memoryAdapter({ providerId: 'beta', name: 'b', jobs: jobsNamed(500, 'b'), pageSize: 10 }),
    ];
    const { keys } = await drain(
      createClient({ providers: adapters }).jobs({ limit: 15 }, { interleave: true }),
    );
    expect(keys).toHaveLength(15);
    // A few reads ahead per instance at most, not the 50 pages each instance has.
    for (const adapter of adapters) expect(adapter.pageRequests.length).toBeLessThanOrEqual(6);
  });

  it('lists every healthy instance, then throws one PartialFailureError in provider order', async () => {
    const failing = (name: string) =>
      memoryAdapter({
        providerId: name,
        name,
        jobs: jobsNamed(20, name),
        pageSize: 10,
        concurrency: 1,
        beforePage: (request) => {
          if (request.index === 1)
            throw new ProviderApiError({
              kind: 'server',
              code: 'InternalError',
              message: 'boom',
              action: 'List',
            });
        },
      });
    const healthy = memoryAdapter({ providerId: 'ok', name: 'ok', jobs: jobsNamed(35, 'ok'), pageSize: 10 });
    const { keys, error } = await drain(
      createClient({ providers: [failing('x'), healthy, failing('y')] }).jobs({}, { interleave: true }),
    );
    expect(of(keys, 'ok')).toHaveLength(35);
    expect(error).toBeInstanceOf(PartialFailureError);
    expect((error as PartialFailureError).errors.map((entry) => entry.source)).toEqual(['x', 'y']);

    const fast = await drain(
      createClient({ providers: [healthy, failing('x')], failFast: true }).jobs({}, { interleave: true }),
    );
    expect(fast.error).toBeInstanceOf(ProviderApiError);
  });

  it('is ignored by a sorted query, and must be a boolean', async () => {
    const adapters = () => [
      memoryAdapter({ providerId: 'alpha', name: 'a', jobs: jobsNamed(12, 'a'), pageSize: 5 }),
      memoryAdapter({ providerId: 'beta', name: 'b', jobs: jobsNamed(12, 'b'), pageSize: 5 }),
    ];
    const query = { sort: { by: 'id', order: 'desc' } } as const;
    expect(
      (await drain(createClient({ providers: adapters() }).jobs(query, { interleave: true }))).keys,
    ).toEqual((await drain(createClient({ providers: adapters() }).jobs(query))).keys);
    expect(() =>
      createClient({ providers: adapters() }).jobs({}, { interleave: 'yes' as unknown as boolean }),
    ).toThrow(InvalidInputError);
  });

  it('ends with the caller abort, not a PartialFailureError, passing on no read after it', async () => {
    const controller = new AbortController();
    const adapters = [
      memoryAdapter({ providerId: 'alpha', name: 'a', jobs: jobsNamed(100, 'a'), pageSize: 10 }),
      memoryAdapter({ providerId: 'beta', name: 'b', jobs: jobsNamed(100, 'b'), pageSize: 10 }),
    ];
    const seen: string[] = [];
    const run = async () => {
      for await (const job of createClient({ providers: adapters }).jobs(
        {},
        { interleave: true, signal: controller.signal },
      )) {
        seen.push(job.id);
        if (seen.length === 12) controller.abort(new Error('enough'));
      }
    };
    await expect(run()).rejects.toThrow('enough');
    // The rest of the read being passed on may still come (reads hold 10), nothing after it.
    expect(seen.length).toBeLessThan(22);
  });
});
