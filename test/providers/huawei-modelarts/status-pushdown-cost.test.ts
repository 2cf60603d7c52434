import { afterAll, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client.js';
import type { JobQuery } from '../../../src/model/query.js';
import type { JobStatus } from '../../../src/model/status.js';
import type { Adapter, Lister } from '../../../src/providers/adapter.js';
import type { ModelArtsStream } from '../../../src/providers/huawei-modelarts/index.js';
import { codesFor } from '../../../src/providers/huawei-modelarts/status.js';
import { fakeModelArts, makeNativeJobs } from './fake-modelarts.js';
import { collect, mockAgent, origin, projectId, testAdapter } from './setup.js';

/**
 * The measurement behind the status pushdown (plan.ts): `status` takes one code, so a unified status
 * of k codes can be pushed as k streams (one per code) or filtered locally from one unfiltered
 * stream. This lists the same sorted query three ways against the fake cloud and counts the
 * requests (what the rate limit charges and what dominates the time) and the job records
 * transferred:
 * - local: one unfiltered stream, every status filtered locally;
 * - per code: one stream per code (only allowed with a sort, the engine then sorts);
 * - adapter: what the adapter plans (one code pushed, several filtered locally).
 * The table is printed; the assertions pin down the conclusions quoted in plan.ts and the docs.
 */

type Strategy = 'local' | 'per code' | 'adapter';

// Visualization jobs mostly end as completed or stopped (they stop on a schedule); a few run,
// wait or fail. "uniform" spreads the jobs over every code, the simulator's way.
const typicalCodes = [
  ...Array<number>(30).fill(10),
  ...Array<number>(30).fill(12),
  ...Array<number>(14).fill(13),
  ...Array<number>(10).fill(8),
  ...Array<number>(3).fill(7),
  ...Array<number>(2).fill(1),
  ...Array<number>(4).fill(11),
  3,
  5,
  14,
  22,
  9,
  0,
];
const uniformCodes = Array.from({ length: 23 }, (_, code) => code);

const statuses: JobStatus[] = ['pending', 'running', 'stopping', 'stopped', 'succeeded', 'failed'];
const sizes = [10, 100, 300, 1000];

interface Row {
  mix: string;
  size: number;
  pageSize: number;
  status: JobStatus;
  codes: number;
  requests: Record<Strategy, number>;
  records: Record<Strategy, number>;
}

const rows: Row[] = [];

function perCode(adapter: ReturnType<typeof testAdapter>): Adapter {
  const lister = adapter.jobLister as Lister<never, never, ModelArtsStream>;
  return {
    providerId: adapter.providerId,
    name: adapter.name,
    region: adapter.region,
    capabilities: adapter.capabilities,
    transport: adapter.transport,
    jobGroupLister: null,
    jobLister: {
      paging: lister.paging,
      pageSize: lister.pageSize,
      concurrency: lister.concurrency,
      plan: (query: { status?: JobStatus[] }) => ({
        streams: (codesFor(query.status ?? []) ?? []).map((code) => ({
          status: code,
          searchContent: null,
          sortBy: 'create_time' as const,
          order: 'asc' as const,
        })),
        pushed: ['status', 'sort'],
      }),
      fetchPage: lister.fetchPage,
    } as unknown as Adapter['jobLister'],
  };
}

async function measure(mix: string, codes: number[], size: number, pageSize: number, status: JobStatus) {
  const jobs = makeNativeJobs(size, { statuses: codes, seed: size });
  const query: JobQuery = { status, sort: { by: 'createdAt' } };
  const results: Partial<Record<Strategy, string[]>> = {};
  const row: Row = {
    mix,
    size,
    pageSize,
    status,
    codes: codesFor([status])?.length ?? 0,
    requests: { local: 0, 'per code': 0, adapter: 0 },
    records: { local: 0, 'per code': 0, adapter: 0 },
  };
  for (const strategy of ['local', 'per code', 'adapter'] as Strategy[]) {
    const agent = mockAgent();
    const cloud = fakeModelArts({ agent, origin, projectId, jobs });
    const adapter = testAdapter(agent, { pageSize });
    let records = 0;
    const client = createClient({
      providers: [strategy === 'per code' ? perCode(adapter) : adapter],
      pushdown: strategy !== 'local',
      // Counted without the churn protection's overlapping reads, which cost the same either way.
      pageOverlap: 0,
      onPage: (event) => {
        records += event.count;
      },
    });
    results[strategy] = (await collect(client.jobs(query))).map((job) => job.id);
    row.requests[strategy] = cloud.requests.length;
    row.records[strategy] = records;
    await agent.close();
  }
  expect(results['per code']).toEqual(results.local);
  expect(results.adapter).toEqual(results.local);
  rows.push(row);
  return row;
}

// The table is printed on request only: PRINT_MEASUREMENT=1 npx vitest run <this file>.
afterAll(() => {
  if (!process.env.PRINT_MEASUREMENT) return;
  const lines = rows.map(
    (row) =>
      `${row.mix.padEnd(8)} ${String(row.size).padStart(5)} ${String(row.pageSize).padStart(5)} ${row.status.padEnd(10)} ${String(row.codes).padStart(2)}` +
      ` | ${String(row.requests.local).padStart(3)} ${String(row.requests['per code']).padStart(3)} ${String(row.requests.adapter).padStart(3)}` +
      ` | ${String(row.records.local).padStart(5)} ${String(row.records['per code']).padStart(5)} ${String(row.records.adapter).padStart(5)}`,
  );
  console.log(
    [
      'mix       jobs  page status      k | requests: local, per code, adapter | records: local, per code, adapter',
      ...lines,
    ].join('\n'),
  );
});

describe('status pushdown: one stream per code against local filtering', () => {
  for (const [mix, codes] of [
    ['typical', typicalCodes],
    ['uniform', uniformCodes],
  ] as const) {
    for (const pageSize of [100, 1000]) {
      it(`${mix} inventories, per_page ${pageSize}`, async () => {
        for (const size of sizes) {
          for (const status of statuses) {
            const row = await measure(mix, codes, size, pageSize, status);
            const pages = Math.max(1, Math.ceil(size / pageSize));
            // Local filtering costs exactly the unfiltered listing.
            expect(row.requests.local).toBe(pages);
            // The adapter's plan never costs more than that, and with one code never more than
            // that code's own pages.
            expect(row.requests.adapter).toBeLessThanOrEqual(row.requests.local);
            // One stream per code costs at least one request per code, however few jobs match.
            expect(row.requests['per code']).toBeGreaterThanOrEqual(row.codes);
            // It can only save requests once the inventory is larger than k pages.
            if (size <= row.codes * pageSize)
              expect(row.requests['per code']).toBeGreaterThanOrEqual(row.requests.local);
          }
        }
      });
    }
  }
});
