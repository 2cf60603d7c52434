import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client.js';
import type { Job } from '../../../src/model/job.js';
import { type JobQuery, JobQuerySchema, type ParsedJobQuery } from '../../../src/model/query.js';
import { planDescribeJobs } from '../../../src/providers/tencent-batch/plan.js';
import { type ReferenceQuery, referenceListing } from '../../support/reference.js';
import {
  collect,
  fakeTencent,
  jobId,
  makeView,
  region,
  signatureProblem,
  testAdapter,
  type View,
} from './fake-tencent.js';

function plan(query: JobQuery) {
  return planDescribeJobs(JobQuerySchema.parse(query) as ParsedJobQuery, region);
}

const ids = (count: number, from = 1) => Array.from({ length: count }, (_, index) => jobId(from + index));

describe('the DescribeJobs plan', () => {
  it('an empty query (and pushdown off) is one stream with no filter', () => {
    expect(plan({})).toEqual({ streams: [{}], pushed: [] });
  });

  it('ids alone become JobIds, without duplicates or ids Tencent would refuse as malformed', () => {
    expect(
      plan({ ids: ['job-3n2weaqt', '123', 'JOB-7E7EVK2X', 'job-7e7evk2x', 'job-short', 'job-3n2weaqt'] }),
    ).toEqual({ streams: [{ jobIds: ['job-3n2weaqt', 'job-7e7evk2x'] }], pushed: ['ids'] });
  });

  it('ids of which none is well formed can match nothing: no stream, no request', () => {
    expect(plan({ ids: ['123', 'job-1', 'task-abcdefgh'] })).toEqual({ streams: [], pushed: ['ids'] });
  });

  it('ids with other filters become a job-id filter, since JobIds cannot be combined with Filters', () => {
    expect(plan({ ids: ['job-3n2weaqt'], status: 'running' })).toEqual({
      streams: [
        {
          filters: [
            { Name: 'job-id', Values: ['job-3n2weaqt'] },
            { Name: 'job-state', Values: ['RUNNING'] },
          ],
        },
      ],
      pushed: ['ids', 'status'],
    });
  });

  it('more than 100 ids: one request of 100 each when sorted; matched locally when not, to keep the native order', () => {
    const many = ids(230);
    const sorted = plan({ ids: many, sort: { by: 'createdAt' } });
    expect(sorted.pushed).toEqual(['ids']);
    expect(sorted.streams.map((stream) => stream.jobIds?.length)).toEqual([100, 100, 30]);
    expect(sorted.streams.flatMap((stream) => stream.jobIds)).toEqual(many);
    expect(plan({ ids: many })).toEqual({ streams: [{}], pushed: [] });
    expect(plan({ ids: many, zone: 'ap-guangzhou-4' })).toEqual({
      streams: [{ filters: [{ Name: 'zone', Values: ['ap-guangzhou-4'] }] }],
      pushed: ['zone'],
    });
    const filtered = plan({ ids: many, status: 'failed', sort: { by: 'id', order: 'desc' } });
    expect(filtered.streams).toHaveLength(3);
    for (const stream of filtered.streams)
      expect(stream.filters?.[1]).toEqual({ Name: 'job-state', Values: ['FAILED', 'FAILED_INTERRUPTED'] });
    // Exactly 100 well-formed ids fit one request, sorted or not.
    expect(plan({ ids: [...ids(100), 'bad'] }).streams).toEqual([{ jobIds: ids(100) }]);
  });

  it('status sends every native state of the unified statuses', () => {
    expect(plan({ status: ['pending', 'succeeded'] }).streams).toEqual([
      { filters: [{ Name: 'job-state', Values: ['SUBMITTED', 'PENDING', 'RUNNABLE', 'SUCCEED'] }] },
    ]);
    expect(plan({ status: ['stopped', 'starting'] }).streams).toEqual([
      { filters: [{ Name: 'job-state', Values: ['STARTING'] }] },
    ]);
  });

  it('statuses no JobState has (stopping, stopped) can match nothing: no request', () => {
    expect(plan({ status: ['stopped', 'stopping'] })).toEqual({ streams: [], pushed: ['status'] });
  });

  it('a status query with unknown is not pushed: "any state outside the table" is no list of values', () => {
    expect(plan({ status: ['unknown', 'running'] })).toEqual({ streams: [{}], pushed: [] });
    expect(plan({ status: 'unknown' })).toEqual({ streams: [{}], pushed: [] });
  });

  it('name becomes job-name; an empty name stays local', () => {
    expect(plan({ name: 'hello-test-job' }).streams).toEqual([
      { filters: [{ Name: 'job-name', Values: ['hello-test-job'] }] },
    ]);
    expect(plan({ name: '' })).toEqual({ streams: [{}], pushed: [] });
  });

  it('zones of the region become a zone filter; a zone of another region keeps zone local', () => {
    expect(plan({ zone: ['ap-guangzhou-3', 'ap-guangzhou-4', 'ap-guangzhou-3'] }).streams).toEqual([
      { filters: [{ Name: 'zone', Values: ['ap-guangzhou-3', 'ap-guangzhou-4'] }] },
    ]);
    expect(plan({ zone: ['ap-guangzhou-3', 'ap-shanghai-2'] })).toEqual({ streams: [{}], pushed: [] });
    expect(plan({ zone: 'guangzhou' })).toEqual({ streams: [{}], pushed: [] });
  });

  it('tags: tag:<key> per valued tag, and one tag-key for the keys that must merely exist', () => {
    expect(plan({ tags: { env: 'prod', team: true, owner: true, note: '' } }).streams).toEqual([
      {
        filters: [
          { Name: 'tag-key', Values: ['team'] },
          { Name: 'tag:env', Values: ['prod'] },
        ],
      },
    ]);
  });

  it('never sends more than 10 filters: the tags beyond stay local', () => {
    const tags = Object.fromEntries(
      Array.from({ length: 12 }, (_, index) => [`key${index}`, `value${index}`]),
    );
    const { streams } = plan({
      tags,
      ids: ['job-3n2weaqt'],
      status: 'running',
      name: 'x',
      zone: 'ap-guangzhou-4',
    });
    expect(streams[0]?.filters).toHaveLength(10);
    expect(streams[0]?.filters?.[0]?.Name).toBe('job-id');
  });

  it('groupId can match no Tencent job (Batch has no job groups): no request', () => {
    expect(plan({ groupId: 'g1' })).toEqual({ streams: [], pushed: ['groupId'] });
  });

  it('everything else stays local and no native sort is sent', () => {
    expect(
      plan({
        nameContains: 'etl',
        createdAfter: '2024-01-01T00:00:00Z',
        createdBefore: '2025-01-01T00:00:00Z',
        sort: { by: 'createdAt', order: 'desc' },
        limit: 5,
      }),
    ).toEqual({ streams: [{}], pushed: [] });
  });
});

describe('pushdown over HTTP', () => {
  const views: View[] = [
    makeView({ JobName: 'etl', JobState: 'RUNNING', Tags: [{ Key: 'env', Value: 'prod' }] }),
    makeView({ JobName: 'etl', JobState: 'FAILED', Placement: { Zone: 'ap-guangzhou-3' } }),
    makeView({ JobName: 'train', JobState: 'FAILED_INTERRUPTED', Tags: [{ Key: 'team', Value: 'ml' }] }),
    makeView({ JobName: 'ETL', JobState: 'TERMINATING' }),
  ];

  async function run(query: JobQuery) {
    const fake = fakeTencent({ views });
    const client = createClient({ providers: [testAdapter(fake)], pageOverlap: 0 });
    const jobs = await collect(client.jobs(query));
    for (const request of fake.requests) expect(signatureProblem(request)).toBeNull();
    return { ids: jobs.map((job) => job.id), bodies: fake.requests.map((request) => request.parameters) };
  }

  const id = (index: number) => (views[index] as View).JobId;

  it('sends each criterion as the documented parameter and gets the same jobs', async () => {
    expect(await run({ ids: [id(1), 'bad-id'] })).toEqual({
      ids: [id(1)],
      bodies: [{ JobIds: [id(1)], Offset: 0, Limit: 100 }],
    });
    expect(await run({ name: 'etl', status: 'failed' })).toEqual({
      ids: [id(1)],
      bodies: [
        {
          Filters: [
            { Name: 'job-state', Values: ['FAILED', 'FAILED_INTERRUPTED'] },
            { Name: 'job-name', Values: ['etl'] },
          ],
          Offset: 0,
          Limit: 100,
        },
      ],
    });
    expect(await run({ zone: 'ap-guangzhou-3', ids: [id(1), id(2)] })).toEqual({
      ids: [id(1)],
      bodies: [
        {
          Filters: [
            { Name: 'job-id', Values: [id(1), id(2)] },
            { Name: 'zone', Values: ['ap-guangzhou-3'] },
          ],
          Offset: 0,
          Limit: 100,
        },
      ],
    });
    expect(await run({ tags: { env: 'prod' } })).toEqual({
      ids: [id(0)],
      bodies: [{ Filters: [{ Name: 'tag:env', Values: ['prod'] }], Offset: 0, Limit: 100 }],
    });
    expect(await run({ tags: { team: true } })).toEqual({
      ids: [id(2)],
      bodies: [{ Filters: [{ Name: 'tag-key', Values: ['team'] }], Offset: 0, Limit: 100 }],
    });
  });

  it('sends no request at all when nothing can match', async () => {
    for (const query of [{ ids: ['nope'] }, { status: 'stopped' as const }, { groupId: 'g' }])
      expect(await run(query)).toEqual({ ids: [], bodies: [] });
  });

  it('status unknown is matched locally over the full listing', async () => {
    expect(await run({ status: ['unknown'] })).toEqual({ ids: [id(3)], bodies: [{ Offset: 0, Limit: 100 }] });
  });

  it('without sort, more than 100 ids are matched locally over one listing, in the native order', async () => {
    const many = Array.from({ length: 150 }, () => makeView());
    // Native order unlike the order of the ids asked for: several id requests would reorder it.
    const native = [...many].reverse();
    const fake = fakeTencent({ views: native });
    const client = createClient({ providers: [testAdapter(fake)], pageOverlap: 0 });
    const jobs = await collect(client.jobs({ ids: many.map((view) => view.JobId) }));
    expect(jobs.map((job) => job.id)).toEqual(native.map((view) => view.JobId));
    expect(fake.requests.map((request) => request.parameters)).toEqual([
      { Offset: 0, Limit: 100 },
      { Offset: 100, Limit: 100 },
    ]);
  });

  it('with sort, more than 100 ids go in several requests and come back in the sorted order', async () => {
    const many = Array.from({ length: 150 }, () => makeView());
    const fake = fakeTencent({ views: many });
    const client = createClient({ providers: [testAdapter(fake)], pageOverlap: 0 });
    const wanted = [...many.map((view) => view.JobId), 'job-zzzzzzzz'];
    const jobs = await collect(client.jobs({ ids: wanted, sort: { by: 'createdAt', order: 'desc' } }));
    expect(jobs.map((job) => job.id)).toEqual(many.map((view) => view.JobId).reverse());
    expect(fake.requests.map((request) => (request.parameters.JobIds as string[]).length)).toEqual([100, 51]);
  });
});

// --- The invariant: jobs(q) with pushdown = without = the reference filter over everything. ---

const names = ['etl-daily', 'ETL-daily', 'etl', 'train', 'hello-test-job', '视频任务'];
const states = [
  'SUBMITTED',
  'PENDING',
  'RUNNABLE',
  'STARTING',
  'RUNNING',
  'SUCCEED',
  'FAILED',
  'FAILED_INTERRUPTED',
  'TERMINATING',
];
const zones = ['ap-guangzhou-3', 'ap-guangzhou-4', 'ap-guangzhou-6'];
const tagKeys = ['env', 'team', 'cost'];
const tagValues = ['prod', 'dev', 'Prod'];
const times = [
  '2024-01-01T00:00:00Z',
  '2024-03-15T12:30:00Z',
  '2024-06-30T23:59:59Z',
  '2025-01-01T00:00:00Z',
];

function viewsArbitrary(): fc.Arbitrary<View[]> {
  return fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { maxLength: 60, size: 'max' }).chain((numbers) =>
    fc.tuple(
      ...numbers.map((n) =>
        fc
          .record({
            name: fc.constantFrom(...names),
            state: fc.constantFrom(...states),
            zone: fc.constantFrom(...zones),
            created: fc.constantFrom(...times),
            ended: fc.option(fc.constantFrom(...times), { nil: null }),
            tags: fc.dictionary(fc.constantFrom(...tagKeys), fc.constantFrom(...tagValues), { maxKeys: 3 }),
          })
          .map((fields) =>
            makeView({
              JobId: jobId(n),
              JobName: fields.name,
              JobState: fields.state,
              Placement: { Zone: fields.zone },
              CreateTime: fields.created,
              EndTime: fields.ended,
              Tags: Object.entries(fields.tags).map(([Key, Value]) => ({ Key, Value })),
            }),
          ),
      ),
    ),
  );
}

function oneOrMany<T>(values: fc.Arbitrary<T>): fc.Arbitrary<T | T[]> {
  return fc.oneof(values, fc.array(values, { minLength: 1, maxLength: 4 }));
}

const idArbitrary = fc.oneof(
  { arbitrary: fc.integer({ min: 1, max: 300 }).map(jobId), weight: 6 },
  { arbitrary: fc.constantFrom('nope', '123', 'JOB-0000000A', 'job-0000000', ''), weight: 1 },
);

const everyId = Array.from({ length: 300 }, (_, index) => jobId(index + 1));

function queryArbitrary(): fc.Arbitrary<ReferenceQuery> {
  const criteria: Record<string, fc.Arbitrary<unknown>> = {
    ids: fc.oneof(
      fc.array(idArbitrary, { minLength: 1, maxLength: 8 }),
      // Around and beyond one request's worth (100), in an order unlike the native one.
      fc
        .tuple(
          fc.shuffledSubarray(everyId, { minLength: 95, maxLength: 220 }),
          fc.array(idArbitrary, { maxLength: 5 }),
        )
        .map(([valid, more]) => [...valid, ...more]),
    ),
    name: fc.constantFrom(...names, '', 'missing'),
    nameContains: fc.constantFrom('etl', 'ETL', '视频', 'zz'),
    status: oneOrMany(
      fc.constantFrom(
        'pending',
        'starting',
        'running',
        'stopping',
        'stopped',
        'succeeded',
        'failed',
        'unknown',
      ),
    ),
    zone: oneOrMany(fc.constantFrom(...zones, 'ap-shanghai-2')),
    groupId: fc.constantFrom('g1'),
    tags: fc.dictionary(
      fc.constantFrom(...tagKeys),
      fc.oneof(fc.constantFrom(...tagValues, ''), fc.constant(true as const)),
      { minKeys: 1, maxKeys: 3 },
    ),
    createdAfter: fc.constantFrom(...times),
    createdBefore: fc.constantFrom(...times),
  };
  const sort = fc.record({
    by: fc.constantFrom('createdAt', 'name', 'status', 'durationMs', 'id' as const),
    order: fc.constantFrom('asc', 'desc' as const),
  });
  return fc
    .record({
      keys: fc.subarray(Object.keys(criteria), { maxLength: 4 }),
      sort: fc.option(sort, { nil: undefined }),
      limit: fc.option(fc.integer({ min: 1, max: 30 }), { nil: undefined, freq: 3 }),
    })
    .chain(({ keys, sort: chosen, limit }) =>
      fc
        .record(Object.fromEntries(keys.map((key) => [key, criteria[key] as fc.Arbitrary<unknown>])))
        .map((values) => ({
          ...values,
          ...(chosen ? { sort: chosen } : {}),
          ...(limit === undefined ? {} : { limit }),
        })),
    );
}

const key = (job: Job) => job.id;

describe('the invariant for tencent-batch', () => {
  for (const matching of ['exact', 'loose'] as const) {
    it(`jobs(q) with pushdown = without pushdown = the reference filter (${matching} filter matching; 250 random queries)`, async () => {
      await fc.assert(
        fc.asyncProperty(
          viewsArbitrary(),
          queryArbitrary(),
          fc.integer({ min: 1, max: 9 }),
          async (views, query, pageSize) => {
            const listing = (pushdown: boolean) => {
              const fake = fakeTencent({ views, matching });
              const client = createClient({
                providers: [testAdapter(fake, { pageSize })],
                pushdown,
                pageOverlap: 0,
              });
              return { fake, client };
            };
            const everything = await collect(listing(false).client.jobs());
            expect(everything).toHaveLength(views.length);
            const expected = referenceListing(everything, query).map(key);
            const pushed = listing(true);
            expect((await collect(pushed.client.jobs(query as JobQuery))).map(key)).toEqual(expected);
            expect((await collect(listing(false).client.jobs(query as JobQuery))).map(key)).toEqual(expected);
            // Pushdown never asks for more than the full listing would.
            const fullRequests = Math.max(1, Math.ceil(views.length / pageSize));
            if (!query.sort) expect(pushed.fake.requests.length).toBeLessThanOrEqual(fullRequests);
          },
        ),
        { numRuns: 250 },
      );
    });
  }
});
