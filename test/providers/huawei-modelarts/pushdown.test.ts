import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client.js';
import type { Job } from '../../../src/model/job.js';
import { type JobQuery, JobQuerySchema, parseQuery } from '../../../src/model/query.js';
import { jobStatuses } from '../../../src/model/status.js';
import { isNativeJobId, planJobs } from '../../../src/providers/huawei-modelarts/plan.js';
import { referenceListing } from '../../support/reference.js';
import {
  fakeModelArts,
  makeNativeJobs,
  type NativeJobRecord,
  type SearchSemantics,
} from './fake-modelarts.js';
import { collect, mockAgent, origin, projectId, testAdapter } from './setup.js';

const plan = (query: JobQuery) => planJobs(parseQuery(JobQuerySchema, query));
const none = { status: null, searchContent: null, sortBy: null, order: null };

const agents: ReturnType<typeof mockAgent>[] = [];
afterEach(async () => {
  for (const created of agents.splice(0)) await created.close();
});

function setUp(jobs: NativeJobRecord[], options: { search?: SearchSemantics; ignoreStatus?: boolean } = {}) {
  const agent = mockAgent();
  agents.push(agent);
  const cloud = fakeModelArts({ agent, origin, projectId, jobs, ...options });
  const adapter = testAdapter(agent, { pageSize: 7 });
  return {
    cloud,
    adapter,
    list: (query: JobQuery, pushdown = true) =>
      collect(createClient({ providers: [adapter], pushdown }).jobs(query)),
    /** The query strings sent since the last call, without paging. */
    sent() {
      const out = cloud.requests.map((request) => {
        const search = new URLSearchParams(request.url.search);
        search.delete('page');
        search.delete('per_page');
        return search.toString();
      });
      cloud.requests.length = 0;
      return [...new Set(out)];
    },
  };
}

describe('huawei-modelarts plan', () => {
  it('sends nothing native for an empty query', () => {
    expect(plan({})).toEqual({ streams: [none], pushed: [] });
  });

  it('pushes a status only when it comes down to one code', () => {
    expect(plan({ status: 'stopping' })).toEqual({ streams: [{ ...none, status: 9 }], pushed: ['status'] });
    // starting has no code: it adds nothing to stopping's one code.
    expect(plan({ status: ['starting', 'stopping'] }).streams).toEqual([{ ...none, status: 9 }]);
    for (const status of ['running', 'pending', 'stopped', 'succeeded', 'failed'] as const) {
      expect(plan({ status })).toEqual({ streams: [none], pushed: [] });
      expect(plan({ status, sort: { by: 'status' } }).streams).toHaveLength(1);
    }
    expect(plan({ status: ['stopping', 'running'] })).toEqual({ streams: [none], pushed: [] });
  });

  it('never pushes unknown: it is code 0 and every code nobody knows', () => {
    expect(plan({ status: 'unknown' })).toEqual({ streams: [none], pushed: [] });
    expect(plan({ status: ['unknown', 'stopping'] })).toEqual({ streams: [none], pushed: [] });
  });

  it('sends no request when no status asked for can exist in ModelArts', () => {
    expect(plan({ status: 'starting' })).toEqual({ streams: [], pushed: ['status'] });
    expect(plan({ status: [] })).toEqual({ streams: [], pushed: ['status'] });
  });

  it('sends an exact name as search_content, but never nameContains', () => {
    expect(plan({ name: 'etl-ETL-12' })).toEqual({
      streams: [{ ...none, searchContent: 'etl-ETL-12' }],
      pushed: ['name'],
    });
    expect(plan({ name: '视频_任务-1' }).pushed).toEqual(['name']);
    expect(plan({ nameContains: 'etl' })).toEqual({ streams: [none], pushed: [] });
    expect(plan({ name: 'a'.repeat(64) }).pushed).toEqual(['name']);
    // Too long to send, empty, or with characters a job name cannot have and a search might
    // treat as pattern syntax: filtered locally.
    for (const name of ['a'.repeat(65), '', 'etl job', 'etl%', 'etl.*', "o'brien"])
      expect(plan({ name })).toEqual({ streams: [none], pushed: [] });
  });

  it('sends sortBy and order only when the query sorts by a field the API has', () => {
    expect(plan({ sort: { by: 'createdAt', order: 'desc' } }).streams).toEqual([
      { ...none, sortBy: 'create_time', order: 'desc' },
    ]);
    expect(plan({ sort: { by: 'name' } }).streams).toEqual([{ ...none, sortBy: 'job_name', order: 'asc' }]);
    expect(plan({ sort: { by: 'id', order: 'desc' } }).streams).toEqual([
      { ...none, sortBy: 'job_id', order: 'desc' },
    ]);
    for (const by of ['status', 'durationMs', 'provider'] as const)
      expect(plan({ sort: { by } })).toEqual({ streams: [none], pushed: [] });
  });

  it('sends no request for ids no ModelArts job can have', () => {
    expect(isNativeJobId('197')).toBe(true);
    for (const id of ['job-3n2weaqt', '007', '', ' 1', '1.0', '0x10']) expect(isNativeJobId(id)).toBe(false);
    expect(plan({ ids: ['job-3n2weaqt', '007'] })).toEqual({ streams: [], pushed: ['ids'] });
    expect(plan({ ids: [] })).toEqual({ streams: [], pushed: ['ids'] });
    expect(plan({ ids: ['job-3n2weaqt', '12'] })).toEqual({ streams: [none], pushed: [] });
  });

  it('combines what it pushes into one stream', () => {
    expect(plan({ status: 'stopping', name: 'etl-1', sort: { by: 'createdAt' } })).toEqual({
      streams: [{ status: 9, searchContent: 'etl-1', sortBy: 'create_time', order: 'asc' }],
      pushed: ['status', 'name', 'sort'],
    });
  });
});

describe('huawei-modelarts pushdown over HTTP', () => {
  const jobs = makeNativeJobs(60).map((job) => (job.job_id % 9 === 0 ? { ...job, status: 9 } : job));

  it('status with one code → status=9, filtered by the cloud', async () => {
    const { list, sent } = setUp(jobs);
    const found = await list({ status: 'stopping' });
    expect(sent()).toEqual(['status=9']);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((job) => job.nativeStatus === '9')).toBe(true);
    expect(found.map((job) => job.id)).toEqual(
      (await list({ status: 'stopping' }, false)).map((job) => job.id),
    );
  });

  it('status with several codes, or unknown → no status parameter, filtered locally', async () => {
    const { list, sent } = setUp(jobs);
    const running = await list({ status: 'running' });
    expect(sent()).toEqual(['']);
    expect(running.map((job) => job.nativeStatus).sort()).toEqual(
      jobs
        .filter((job) => job.status === 8 || job.status === 15)
        .map((job) => String(job.status))
        .sort(),
    );
    const unknown = await list({ status: 'unknown' });
    expect(sent()).toEqual(['']);
    expect(new Set(unknown.map((job) => job.nativeStatus))).toEqual(new Set(['0', '23', '99']));
  });

  it('a status ModelArts cannot have → no request at all', async () => {
    const { list, cloud } = setUp(jobs);
    expect(await list({ status: 'starting' })).toEqual([]);
    expect(await list({ ids: ['job-3n2weaqt'] })).toEqual([]);
    expect(cloud.requests).toHaveLength(0);
    expect(createClient({ providers: [testAdapter(mockAgent())] }).explain({ status: 'starting' })).toEqual([
      { source: 'huawei-modelarts:cn-north-4', provider: 'huawei-modelarts', streams: 0, pushed: ['status'] },
    ]);
  });

  it('name → search_content, re-checked locally; nameContains → nothing', async () => {
    const target = jobs[10] as NativeJobRecord;
    const { list, sent } = setUp(jobs);
    const found = await list({ name: target.job_name });
    expect(sent()).toEqual([`search_content=${encodeURIComponent(target.job_name)}`]);
    expect(found.map((job) => job.id)).toEqual([String(target.job_id)]);
    const containing = await list({ nameContains: 'ETL' });
    expect(sent()).toEqual(['']);
    expect(containing.map((job) => job.id)).toEqual(
      jobs.filter((job) => job.job_name.toLowerCase().includes('etl')).map((job) => String(job.job_id)),
    );
  });

  it('sort → sortBy and order, the engine still ordering the result', async () => {
    const { list, sent } = setUp(jobs);
    const byCreation = await list({ sort: { by: 'createdAt', order: 'desc' } });
    expect(sent()).toEqual(['order=desc&sortBy=create_time']);
    expect(byCreation.map((job) => job.id)).toEqual(
      referenceListing(await list({}), { sort: { by: 'createdAt', order: 'desc' } }).map((job) => job.id),
    );
    sent();
    await list({ sort: { by: 'name' } });
    expect(sent()).toEqual(['order=asc&sortBy=job_name']);
    await list({ sort: { by: 'id', order: 'desc' } });
    expect(sent()).toEqual(['order=desc&sortBy=job_id']);
    await list({ sort: { by: 'durationMs' } });
    expect(sent()).toEqual(['']);
    // Without a sort the cloud's own order (job_id ascending) is kept and nothing is sent.
    const ninth = jobs[8] as NativeJobRecord;
    const native = await list({ status: 'stopping', name: ninth.job_name });
    expect(sent()).toEqual([`search_content=${encodeURIComponent(ninth.job_name)}&status=9`]);
    expect(native.map((job) => [job.id, job.nativeStatus])).toEqual([['9', '9']]);
  });

  it('explains what it pushes', () => {
    const client = createClient({ providers: [testAdapter(mockAgent())] });
    expect(
      client.explain({ status: 'stopping', name: 'x', nameContains: 'y', sort: { by: 'name' } })[0],
    ).toEqual({
      source: 'huawei-modelarts:cn-north-4',
      provider: 'huawei-modelarts',
      streams: 1,
      pushed: ['status', 'name', 'sort'],
    });
  });
});

// Names of the inventory in several spellings, so that exact and containment queries both hit
// and miss, and letter case matters.
function queryArbitrary(jobs: NativeJobRecord[]): fc.Arbitrary<JobQuery> {
  const names = jobs.slice(0, 8).map((job) => job.job_name);
  const times = jobs.slice(0, 5).map((job) => new Date(job.create_time));
  const status = fc.constantFrom(...jobStatuses);
  return fc.record(
    {
      status: fc.oneof(status, fc.uniqueArray(status, { maxLength: 3 })),
      name: fc.constantFrom(...names, ...names.map((name) => name.toUpperCase()), 'missing', 'a b', ''),
      nameContains: fc.constantFrom('etl', 'ETL', 'Train', 'rain-', '视频', 'nightly', '', '-1'),
      ids: fc.array(fc.constantFrom('1', '2', '17', '40', '59', '61', 'job-1', '07'), { maxLength: 4 }),
      createdAfter: fc.constantFrom(...times),
      createdBefore: fc.constantFrom(...times),
      sort: fc.record({
        by: fc.constantFrom('createdAt', 'name', 'status', 'durationMs', 'provider', 'id'),
        order: fc.constantFrom('asc', 'desc'),
      }),
      limit: fc.integer({ min: 1, max: 30 }),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<JobQuery>;
}

const semantics: SearchSemantics[] = [
  'substring',
  'case-sensitive-substring',
  'prefix',
  'case-sensitive-prefix',
  'exact',
  'name-or-description',
  'ignored',
];

describe('huawei-modelarts invariant', () => {
  it.each(semantics)(
    'jobs(q) with pushdown on, off and a reference filter agree, when search_content means %s',
    async (search) => {
      const jobs = makeNativeJobs(45, { seed: search.length });
      const { adapter } = setUp(jobs, { search, ignoreStatus: search === 'ignored' });
      const everything = await collect(createClient({ providers: [adapter] }).jobs());
      expect(everything).toHaveLength(45);
      const ids = (found: Job[]) => found.map((job) => job.id);
      await fc.assert(
        fc.asyncProperty(queryArbitrary(jobs), async (query) => {
          const expected = ids(referenceListing(everything, query as never));
          const on = await collect(createClient({ providers: [adapter] }).jobs(query));
          const off = await collect(createClient({ providers: [adapter], pushdown: false }).jobs(query));
          expect(ids(on)).toEqual(expected);
          expect(ids(off)).toEqual(expected);
        }),
        { numRuns: 60 },
      );
    },
  );

  it('listJobs pages concatenate to jobs(q), with pushdown on and off', async () => {
    const jobs = makeNativeJobs(40);
    const { adapter } = setUp(jobs);
    for (const query of [
      { status: 'stopping' as const },
      { status: ['failed', 'unknown'] as ('failed' | 'unknown')[] },
      { name: (jobs[3] as NativeJobRecord).job_name },
      { nameContains: 'etl', sort: { by: 'createdAt' as const, order: 'desc' as const } },
      {},
    ]) {
      for (const pushdown of [true, false]) {
        const client = createClient({ providers: [adapter], pushdown });
        const all = (await collect(client.jobs(query))).map((job) => job.id);
        const paged: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await client.listJobs({ ...query, pageSize: 4, cursor });
          expect(page.errors).toEqual([]);
          paged.push(...page.items.map((job) => job.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(paged).toEqual(all);
      }
    }
  });
});
