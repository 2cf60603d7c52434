import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import type { Job } from '../../src/model/job.js';
import type { JobQuery } from '../../src/model/query.js';
import { queryArbitrary, type SourceSpec, sourceJobsArbitrary } from '../support/arbitraries.js';
import { memoryAdapter } from '../support/memory-adapter.js';
import { referenceListing } from '../support/reference.js';

const sources: SourceSpec[] = [
  { providerId: 'alpha', name: 'alpha:one' },
  { providerId: 'alpha', name: 'alpha:two' },
  { providerId: 'beta', name: 'beta:one' },
];

async function collect(iterable: AsyncIterable<Job>): Promise<string[]> {
  const out: string[] = [];
  for await (const job of iterable) out.push(`${job.source}/${job.id}`);
  return out;
}

describe('the correctness invariant', () => {
  it('jobs(q) with pushdown, without pushdown, and a plain reference filter agree (1000 random queries)', async () => {
    let queries = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(...sources.map((source) => sourceJobsArbitrary(source, 40))),
        queryArbitrary(sources),
        fc.integer({ min: 1, max: 7 }),
        async (jobsPerSource, query, pageSize) => {
          queries++;
          const build = () =>
            sources.map((source, index) =>
              memoryAdapter({
                providerId: source.providerId,
                name: source.name,
                jobs: jobsPerSource[index],
                pageSize: pageSize + index,
                // Each source pushes down something different, the last one nothing at all.
                pushdown: [['ids', 'status', 'zone', 'nameContains', 'sort'], ['status', 'sort'], []][
                  index
                ] as never,
                paging: index === 1 ? 'token' : 'numbered',
              }),
            );
          const expected = referenceListing(jobsPerSource.flat(), query).map(
            (job) => `${job.source}/${job.id}`,
          );
          const pushed = await collect(createClient({ providers: build() }).jobs(query as JobQuery));
          const local = await collect(
            createClient({ providers: build(), pushdown: false }).jobs(query as JobQuery),
          );
          expect(pushed).toEqual(expected);
          expect(local).toEqual(expected);
        },
      ),
      { numRuns: 1000 },
    );
    expect(queries).toBeGreaterThanOrEqual(1000);
  });

  it('every listJobs page concatenated equals jobs(q), for random queries and page sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.tuple(...sources.map((source) => sourceJobsArbitrary(source, 30))),
        queryArbitrary(sources),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 1, max: 6 }),
        async (jobsPerSource, query, listPageSize, nativePageSize) => {
          const client = createClient({
            providers: sources.map((source, index) =>
              memoryAdapter({
                providerId: source.providerId,
                name: source.name,
                jobs: jobsPerSource[index],
                pageSize: nativePageSize,
                pushdown: index === 0 ? ['status', 'zone'] : [],
              }),
            ),
          });
          const all = await collect(client.jobs(query as JobQuery));
          const paged: string[] = [];
          let cursor: string | null = null;
          let pages = 0;
          do {
            const page = await client.listJobs({ ...(query as JobQuery), pageSize: listPageSize, cursor });
            expect(page.errors).toEqual([]);
            // No page is empty unless the whole listing is.
            if (pages > 0 || all.length > 0) expect(page.items.length).toBeGreaterThan(0);
            expect(page.items.length).toBeLessThanOrEqual(listPageSize);
            paged.push(...page.items.map((job) => `${job.source}/${job.id}`));
            cursor = page.nextCursor;
            pages++;
            expect(pages).toBeLessThan(200);
          } while (cursor);
          expect(paged).toEqual(all);
        },
      ),
      { numRuns: 150 },
    );
  });
});
