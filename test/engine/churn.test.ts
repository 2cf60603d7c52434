import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client.js';
import { Random } from '../../src/testing/simulator/random.js';
import { Churn } from '../support/churn.js';
import { makeJob, memoryAdapter } from '../support/memory-adapter.js';

const seeds = Number(process.env.CLOUDJOBS_CHURN_SEEDS ?? 150);

async function scan(paging: 'numbered' | 'offset', seed: number, overlap?: number) {
  const random = new Random(seed);
  const pageSize = random.integer(5, 30);
  const jobs = Array.from({ length: random.integer(0, pageSize * 8) }, (_, index) =>
    makeJob({ id: `j${index}` }),
  );
  const churn = new Churn(jobs, random.fork(1), random.integer(1, 4));
  const adapter = memoryAdapter({
    jobs,
    pageSize,
    paging,
    concurrency: random.integer(1, 4),
    beforePage: () => {
      adapter.jobs = churn.apply(adapter.jobs);
    },
  });
  const listed: string[] = [];
  const client = createClient({
    providers: [adapter],
    ...(overlap === undefined ? {} : { pageOverlap: overlap }),
  });
  for await (const job of client.jobs()) listed.push(job.id);
  return { listed, churn, requests: adapter.pageRequests.length, pages: Math.ceil(jobs.length / pageSize) };
}

describe('churn-safe paging', () => {
  for (const paging of ['numbered', 'offset'] as const) {
    it(`${paging}: every job present for the whole scan comes exactly once, over ${seeds} seeds of random churn`, async () => {
      let extra = 0;
      let pages = 0;
      for (let seed = 1; seed <= seeds; seed++) {
        const { listed, churn, requests, pages: needed } = await scan(paging, seed);
        expect(new Set(listed).size, `seed ${seed}: something came twice`).toBe(listed.length);
        const missing = churn.stable().filter((id) => !listed.includes(id));
        expect(missing, `seed ${seed}: jobs present throughout were skipped`).toEqual([]);
        extra += requests - needed;
        pages += needed;
      }
      // The price, in requests beyond one per page; printed for the README's figures.
      console.info(
        `${paging}: ${((100 * extra) / Math.max(1, pages)).toFixed(1)}% extra requests under churn`,
      );
    });
  }

  it('without overlap, the same churn does skip jobs (the problem this solves)', async () => {
    let skipped = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { listed, churn } = await scan('numbered', seed, 0);
      skipped += churn.stable().filter((id) => !listed.includes(id)).length;
    }
    expect(skipped).toBeGreaterThan(0);
  });

  it('costs nothing extra on a list that does not change beyond the overlap itself', async () => {
    const jobs = Array.from({ length: 1000 }, (_, index) => makeJob({ id: `j${index}` }));
    const offset = memoryAdapter({ jobs, pageSize: 100, paging: 'offset' });
    const numbered = memoryAdapter({ jobs, pageSize: 100, paging: 'numbered' });
    for (const adapter of [offset, numbered]) {
      const listed: string[] = [];
      for await (const job of createClient({ providers: [adapter] }).jobs()) listed.push(job.id);
      expect(listed).toEqual(jobs.map((job) => job.id));
    }
    // 10 pages of 100 with 2 records shared: one more read for offset paging, a few for numbered.
    expect(offset.pageRequests.length).toBe(11);
    expect(numbered.pageRequests.length).toBeLessThanOrEqual(12);
  });

  it('never looks back on a list that does not change, whatever its length and page size', async () => {
    for (const paging of ['offset', 'numbered'] as const)
      for (let length = 0; length <= 60; length += 3)
        for (let pageSize = 2; pageSize <= 12; pageSize++) {
          const jobs = Array.from({ length }, (_, index) => makeJob({ id: `j${index}` }));
          let corrections = 0;
          const listed: string[] = [];
          const client = createClient({
            providers: [memoryAdapter({ jobs, pageSize, paging })],
            onPage: (event) => {
              if (event.correction) corrections++;
            },
          });
          for await (const job of client.jobs()) listed.push(job.id);
          expect(listed).toEqual(jobs.map((job) => job.id));
          expect(corrections, `${paging} length ${length} page ${pageSize}`).toBe(0);
        }
  });
});
