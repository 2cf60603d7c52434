import { describe, expect, it } from 'vitest';
import { createClient } from '../../../src/client.js';
import { MalformedResponseError } from '../../../src/errors.js';
import type { Job } from '../../../src/model/job.js';
import type { JobGroup } from '../../../src/model/job-group.js';
import {
  type JobGroupQuery,
  JobGroupQuerySchema,
  type JobQuery,
  JobQuerySchema,
} from '../../../src/model/query.js';
import { planJobGroups, planJobs } from '../../../src/providers/aliyun-cityvisual/plan.js';
import {
  collect,
  describeJobGroups,
  failure,
  fakeCityVisual,
  jsonReply,
  makeGroup,
  makeJob,
  signal,
  testAdapter,
} from './fake-cityvisual.js';

const jobs = (query: JobQuery) => planJobs(JobQuerySchema.parse(query));
const groups = (query: JobGroupQuery) => planJobGroups(JobGroupQuerySchema.parse(query));

describe('plan: JobGroupId is the only native filter', () => {
  it('without groupId, one unfiltered stream, whatever else the query says', () => {
    expect(jobs({})).toEqual({ streams: [{}], pushed: [] });
    expect(jobs({ ids: ['101'], status: 'running', nameContains: 'x', name: 'a', zone: 'z' })).toEqual({
      streams: [{}],
      pushed: [],
    });
    expect(groups({ status: 'stopped', name: 'g' })).toEqual({ streams: [{}], pushed: [] });
  });

  it('one group id: one stream with JobGroupId', () => {
    expect(jobs({ groupId: 'daj28d89edh8' })).toEqual({
      streams: [{ jobGroupId: 'daj28d89edh8' }],
      pushed: ['groupId'],
    });
    expect(jobs({ groupId: ['4', '4'] })).toEqual({ streams: [{ jobGroupId: '4' }], pushed: ['groupId'] });
    expect(groups({ ids: '4' })).toEqual({ streams: [{ jobGroupId: '4' }], pushed: ['ids'] });
  });

  it('several ids: one stream each only when the query sorts, else the unfiltered listing (native order)', () => {
    expect(jobs({ groupId: ['1', '2'] })).toEqual({ streams: [{}], pushed: [] });
    expect(jobs({ groupId: ['1', '2'], sort: { by: 'name' } })).toEqual({
      streams: [{ jobGroupId: '1' }, { jobGroupId: '2' }],
      pushed: ['groupId'],
    });
    expect(groups({ ids: ['1', '2'] })).toEqual({ streams: [{}], pushed: [] });
    expect(groups({ ids: ['2', '1'], sort: { by: 'id', order: 'desc' } })).toEqual({
      streams: [{ jobGroupId: '2' }, { jobGroupId: '1' }],
      pushed: ['ids'],
    });
  });

  it('an empty id names no group: dropped, and with nothing left no request at all', () => {
    expect(jobs({ groupId: '' })).toEqual({ streams: [], pushed: ['groupId'] });
    expect(groups({ ids: ['', ''] })).toEqual({ streams: [], pushed: ['ids'] });
    expect(jobs({ groupId: ['', '7'] })).toEqual({ streams: [{ jobGroupId: '7' }], pushed: ['groupId'] });
  });

  it('an id that cannot be sent exactly (an unpaired surrogate) is matched locally', () => {
    expect(jobs({ groupId: 'a\uD800' })).toEqual({ streams: [{}], pushed: [] });
  });
});

describe('paging', () => {
  it('PageNumber/PageSize over several pages; count is groups, items are jobs, keys are group ids', async () => {
    const records = Array.from({ length: 250 }, (_, index) => makeGroup({}, index % 4));
    const fake = fakeCityVisual({ groups: records });
    const adapter = testAdapter(fake);
    const page = await adapter.jobLister.fetchPage(
      {},
      { index: 1, size: 100, offset: 100, token: null },
      { signal },
    );
    expect(page.count).toBe(100);
    expect(page.total).toBe(250);
    expect(page.keys).toEqual(records.slice(100, 200).map((group) => group.JobGroupId));
    expect(page.items.map((job) => job.id)).toEqual(
      records.slice(100, 200).flatMap((group) => group.ComputeJobs?.map((job) => job.ComputeJobId) ?? []),
    );
    const groupPage = await adapter.jobGroupLister.fetchPage(
      {},
      { index: 2, size: 100, offset: 200, token: null },
      {
        signal,
      },
    );
    expect(groupPage.items.map((group) => group.id)).toEqual(
      records.slice(200).map((group) => group.JobGroupId),
    );
    expect(groupPage.count).toBe(50);
  });

  it('a whole listing: one request per page without overlap, the same jobs with it', async () => {
    const records = Array.from({ length: 250 }, (_, index) => makeGroup({}, index % 3));
    const expected = records.flatMap(
      (group) => group.ComputeJobs?.map((job) => String(job.ComputeJobId)) ?? [],
    );
    const fake = fakeCityVisual({ groups: records });
    const plain = createClient({ providers: [testAdapter(fake)], pageOverlap: 0 });
    expect((await collect(plain.jobs())).map((job) => job.id)).toEqual(expected);
    expect(
      fake.requests.map((request) => [request.parameters.PageNumber, request.parameters.PageSize]),
    ).toEqual([
      ['1', '100'],
      ['2', '100'],
      ['3', '100'],
    ]);
    const overlapped = createClient({ providers: [testAdapter(fake, { pageSize: 30 })] });
    expect((await collect(overlapped.jobs())).map((job) => job.id)).toEqual(expected);
    expect((await collect(overlapped.jobGroups())).map((group) => group.id)).toEqual(
      records.map((group) => group.JobGroupId),
    );
  });

  it('a cloud that pages by less than it was asked is reported, not silently truncated', async () => {
    const records = Array.from({ length: 30 }, () => makeGroup({}, 1));
    const fake = fakeCityVisual({
      respond: (request) =>
        describeJobGroups(records, { ...request, parameters: { ...request.parameters, PageSize: '10' } }),
    });
    const error = await failure(
      collect(createClient({ providers: [testAdapter(fake)], failFast: true }).jobs()),
    );
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect((error as MalformedResponseError).issues[0]?.path).toBe('PageSize');
    expect((error as Error).message).toContain('set pageSize to 10');
  });

  it('the documented JSON example (TotalCount 2 for one group on a page) lists its one group', async () => {
    const fake = fakeCityVisual({
      respond: () =>
        jsonReply({
          PageNumber: 1,
          TotalCount: 2,
          JobGroups: { JobGroup: [makeGroup({}, 1)] },
          PageSize: 10,
          RequestId: 'R',
        }),
    });
    const listed = await collect(
      createClient({ providers: [testAdapter(fake)], pageOverlap: 0 }).jobGroups(),
    );
    expect(listed).toHaveLength(1);
    expect(fake.requests).toHaveLength(1);
  });
});

describe('pushdown on or off: the same jobs and groups, in the same order', () => {
  const names = ['视频任务', 'etl-nightly', 'ETL-weekly', 'ingest', 'Review'];
  const statuses = ['running', 'Running', 'stopped', 'starting', 'stopping', 'paused'];
  const records = Array.from({ length: 37 }, (_, index) =>
    makeGroup(
      {
        ...(index % 2 === 0
          ? { JobGroupName: names[index % names.length] }
          : { Name: names[index % names.length] }),
        Status: statuses[index % statuses.length],
        ComputeJobs: Array.from({ length: index % 4 }, (_, position) =>
          makeJob({
            ComputeJobName: position % 2 === 0 ? `etl-${index}-${position}` : index * 10 + position,
            ComputeJobStatus: statuses[(index + position) % statuses.length],
            Duration: position === 3 ? null : 60 * (index + position),
          }),
        ),
      },
      0,
    ),
  );
  const someGroup = records[9]?.JobGroupId as string;
  const otherGroup = records[22]?.JobGroupId as string;

  const jobQueries: JobQuery[] = [
    {},
    { groupId: someGroup },
    { groupId: [someGroup, otherGroup] },
    { groupId: [otherGroup, someGroup], sort: { by: 'name', order: 'desc' } },
    { groupId: [someGroup, 'no-such-group'], sort: { by: 'durationMs' } },
    { groupId: 'no-such-group' },
    { groupId: '' },
    { groupId: someGroup, status: 'running' },
    { status: ['running', 'stopped'], nameContains: 'ETL' },
    { status: 'unknown' },
    { ids: [String(records[5]?.ComputeJobs?.[0]?.ComputeJobId ?? '')] },
    { sort: { by: 'status' }, limit: 7 },
    { sort: { by: 'id' }, limit: 3, groupId: [someGroup, otherGroup] },
    { createdAfter: '2020-01-01T00:00:00Z' },
    { zone: 'cn-shanghai-a' },
    { tags: { env: true } },
  ];

  it.each(jobQueries.map((query) => [JSON.stringify(query), query] as const))(
    'jobs(%s)',
    async (_label, query) => {
      const fake = fakeCityVisual({ groups: records });
      const listed = async (pushdown: boolean) =>
        (
          await collect(
            createClient({ providers: [testAdapter(fake, { pageSize: 8 })], pushdown }).jobs(query),
          )
        ).map((job: Job) => `${job.groupId}/${job.id}`);
      const withPushdown = await listed(true);
      expect(withPushdown).toEqual(await listed(false));
    },
  );

  const groupQueries: JobGroupQuery[] = [
    {},
    { ids: someGroup },
    { ids: [otherGroup, someGroup] },
    { ids: [otherGroup, someGroup], sort: { by: 'name' } },
    { ids: ['', 'missing'] },
    { ids: someGroup, status: 'stopped' },
    { nameContains: 'etl', sort: { by: 'status', order: 'desc' } },
    { name: '视频任务', limit: 2 },
  ];

  it.each(groupQueries.map((query) => [JSON.stringify(query), query] as const))(
    'jobGroups(%s)',
    async (_label, query) => {
      const fake = fakeCityVisual({ groups: records });
      const listed = async (pushdown: boolean) =>
        (
          await collect(
            createClient({ providers: [testAdapter(fake, { pageSize: 8 })], pushdown }).jobGroups(query),
          )
        ).map((group: JobGroup) => `${group.id}:${group.jobs.length}`);
      expect(await listed(true)).toEqual(await listed(false));
    },
  );

  it('a pushed-down query sends JobGroupId and fewer requests', async () => {
    const fake = fakeCityVisual({ groups: records });
    const client = createClient({ providers: [testAdapter(fake, { pageSize: 8 })], pageOverlap: 0 });
    const listed = await collect(client.jobs({ groupId: someGroup }));
    expect(listed.every((job) => job.groupId === someGroup)).toBe(true);
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.parameters.JobGroupId).toBe(someGroup);
    expect(client.explain({ groupId: someGroup })[0]).toMatchObject({ pushed: ['groupId'] });
    const none = await collect(client.jobs({ groupId: '' }));
    expect(none).toEqual([]);
    expect(fake.requests).toHaveLength(1);
  });
});
