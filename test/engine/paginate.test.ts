import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import type { Job } from '../../src/model/job.js';
import { flush } from '../support/fake-clock.js';
import { makeJob, memoryAdapter } from '../support/memory-adapter.js';

const jobsNamed = (count: number, prefix = 'j') =>
  Array.from({ length: count }, (_, index) => makeJob({ id: `${prefix}${index}` }));

async function ids(iterable: AsyncIterable<Job>): Promise<string[]> {
  const out: string[] = [];
  for await (const job of iterable) out.push(job.id);
  return out;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('pagination', () => {
  it('fetches the first page, then the rest concurrently, and yields in order whatever order pages arrive in', async () => {
    const jobs = jobsNamed(95);
    let inFlight = 0;
    let maxInFlight = 0;
    const adapter = memoryAdapter({
      jobs,
      pageSize: 10,
      concurrency: 4,
      beforePage: async (request) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        // Later pages answer faster, so arrival order is scrambled.
        await delay(request.index === 0 ? 5 : 30 - request.index * 3);
        inFlight--;
      },
    });
    expect(await ids(createClient({ providers: [adapter], pageOverlap: 0 }).jobs())).toEqual(
      jobs.map((job) => job.id),
    );
    expect(maxInFlight).toBe(4);
    expect(adapter.pageRequests.map((request) => request.index).sort((a, b) => a - b)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
    ]);
  });

  it('fetches no further ahead than the pages in flight while the consumer is slow (bounded memory)', async () => {
    const adapter = memoryAdapter({ jobs: jobsNamed(500), pageSize: 10, concurrency: 3 });
    const iterator = createClient({ providers: [adapter], pageOverlap: 0 })
      .jobs()
      [Symbol.asyncIterator]();
    await iterator.next();
    await flush();
    // Page 0, then up to three pages ahead of the one being read.
    expect(adapter.pageRequests.length).toBeLessThanOrEqual(4);
    for (let index = 0; index < 25; index++) await iterator.next();
    await flush();
    // Reading page 2 now: pages 0–2 done, at most 3 ahead of it.
    expect(adapter.pageRequests.length).toBeLessThanOrEqual(6);
    await iterator.return?.();
  });

  it('a limit stops fetching early (page fetches counted)', async () => {
    const small = memoryAdapter({ jobs: jobsNamed(100), pageSize: 10, concurrency: 4 });
    expect(await ids(createClient({ providers: [small], pageOverlap: 0 }).jobs({ limit: 5 }))).toEqual([
      'j0',
      'j1',
      'j2',
      'j3',
      'j4',
    ]);
    expect(small.pageRequests).toHaveLength(1);

    const larger = memoryAdapter({ jobs: jobsNamed(100), pageSize: 10, concurrency: 4 });
    expect(await ids(createClient({ providers: [larger], pageOverlap: 0 }).jobs({ limit: 25 }))).toHaveLength(
      25,
    );
    expect(larger.pageRequests).toHaveLength(3);

    // A limit met by the first instance never asks the second.
    const first = memoryAdapter({ name: 'first', jobs: jobsNamed(30), pageSize: 10 });
    const second = memoryAdapter({ name: 'second', jobs: jobsNamed(30, 'k'), pageSize: 10 });
    await ids(createClient({ providers: [first, second] }).jobs({ limit: 12 }));
    expect(second.pageRequests).toHaveLength(0);
  });

  it('a job seen twice because the list shifted under the scan is yielded once', async () => {
    const jobs = jobsNamed(30);
    const adapter = memoryAdapter({
      jobs,
      pageSize: 10,
      concurrency: 1,
      beforePage: (request) => {
        // A new job lands at the front before page 1 is read: j9 moves onto page 1 and is seen again.
        if (request.index === 1 && adapter.jobs.length === 30)
          adapter.jobs = [makeJob({ id: 'new' }), ...adapter.jobs];
      },
    });
    const listed = await ids(createClient({ providers: [adapter], pageOverlap: 0 }).jobs());
    expect(listed.filter((id) => id === 'j9')).toHaveLength(1);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toEqual(jobs.map((job) => job.id));
  });

  it('follows a total that grows during the scan and stops at an empty page when it shrinks', async () => {
    const growing = memoryAdapter({
      jobs: jobsNamed(20),
      pageSize: 10,
      concurrency: 1,
      beforePage: (request) => {
        if (request.index === 1 && growing.jobs.length === 20)
          growing.jobs = [...growing.jobs, ...jobsNamed(15, 'late')];
      },
    });
    expect(await ids(createClient({ providers: [growing], pageOverlap: 0 }).jobs())).toHaveLength(35);

    const shrinking = memoryAdapter({
      jobs: jobsNamed(40),
      pageSize: 10,
      concurrency: 1,
      beforePage: (request) => {
        if (request.index === 1 && shrinking.jobs.length === 40) shrinking.jobs = shrinking.jobs.slice(0, 12);
      },
    });
    expect(await ids(createClient({ providers: [shrinking], pageOverlap: 0 }).jobs())).toHaveLength(12);
    expect(shrinking.pageRequests.length).toBeLessThanOrEqual(3);
  });

  it('pages one at a time until a short page when the cloud gives no total', async () => {
    const adapter = memoryAdapter({ jobs: jobsNamed(25), pageSize: 10, reportsTotal: false });
    expect(await ids(createClient({ providers: [adapter], pageOverlap: 0 }).jobs())).toHaveLength(25);
    expect(adapter.pageRequests.map((request) => request.index)).toEqual([0, 1, 2]);
  });

  it('token paging stops on an empty or repeated token', async () => {
    const adapter = memoryAdapter({ jobs: jobsNamed(23), pageSize: 10, paging: 'token' });
    expect(await ids(createClient({ providers: [adapter], pageOverlap: 0 }).jobs())).toHaveLength(23);
    expect(adapter.pageRequests.map((request) => request.token)).toEqual([null, '10', '20']);

    const looping = memoryAdapter({ jobs: jobsNamed(5), pageSize: 10, paging: 'token' });
    const lister = looping.jobLister as NonNullable<typeof looping.jobLister>;
    const original = lister.fetchPage.bind(lister);
    let calls = 0;
    (lister as { fetchPage: typeof lister.fetchPage }).fetchPage = async (stream, request, context) => {
      calls++;
      const page = await original(stream, request, context);
      return { ...page, nextToken: 'same' };
    };
    await ids(createClient({ providers: [looping] }).jobs());
    expect(calls).toBe(2);
  });

  it('sends no request when the plan says nothing can match', async () => {
    const adapter = memoryAdapter({ jobs: jobsNamed(5), pushdown: ['ids'] });
    expect(await ids(createClient({ providers: [adapter], pageOverlap: 0 }).jobs({ ids: [] }))).toEqual([]);
    expect(adapter.pageRequests).toHaveLength(0);
  });

  it('asks only the instances a providers or sources criterion can match', async () => {
    const alpha = memoryAdapter({ providerId: 'alpha', jobs: jobsNamed(3) });
    const beta = memoryAdapter({ providerId: 'beta', jobs: jobsNamed(3) });
    await ids(createClient({ providers: [alpha, beta] }).jobs({ providers: 'beta' }));
    expect(alpha.pageRequests).toHaveLength(0);
    expect(beta.pageRequests).toHaveLength(1);
  });
});
