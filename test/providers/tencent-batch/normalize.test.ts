import { describe, expect, it } from 'vitest';
import { MalformedResponseError } from '../../../src/errors.js';
import { JobSchema } from '../../../src/model/job.js';
import { jobStates } from '../../../src/providers/tencent-batch/status.js';
import { envelope, failure, fakeTencent, fixture, makeView, testAdapter } from './fake-tencent.js';

const signal = new AbortController().signal;
const firstPage = { index: 0, size: 100, offset: 0, token: null };

function replying(body: string, status = 200) {
  return fakeTencent({ respond: () => ({ status, body }) });
}

describe('normalization of DescribeJobs', () => {
  it('turns the documented example into two jobs, every field per DESIGN, raw the JobView as parsed', async () => {
    const body = fixture('DescribeJobs.json');
    const fake = replying(body);
    const page = await testAdapter(fake).describeJobs({}, firstPage, { signal });
    expect(page.count).toBe(2);
    expect(page.total).toBe(2);
    const documented = JSON.parse(body).Response.JobSet;
    expect(page.items).toEqual([
      {
        provider: 'tencent-batch',
        source: 'tencent-batch:ap-guangzhou',
        id: 'job-3n2weaqt',
        name: 'hello-test-job',
        status: 'starting',
        nativeStatus: 'STARTING',
        statusDetail: null,
        region: 'ap-guangzhou',
        zone: 'ap-guangzhou-4',
        groupId: null,
        createdAt: new Date('2020-09-22T07:14:54Z'),
        startedAt: null,
        endedAt: null,
        durationMs: null,
        priority: 1,
        description: null,
        url: null,
        tags: { 'batch-test-tag-job-key': 'batch-test-tag-job-value' },
        tasks: {
          submitted: 0,
          pending: 0,
          runnable: 0,
          starting: 1,
          running: 0,
          succeeded: 0,
          failed: 0,
          failedInterrupted: 0,
        },
        raw: documented[0],
      },
      {
        provider: 'tencent-batch',
        source: 'tencent-batch:ap-guangzhou',
        id: 'job-7e7evk2x',
        name: 'hello-test-job',
        status: 'failed',
        nativeStatus: 'FAILED',
        statusDetail: null,
        region: 'ap-guangzhou',
        zone: 'ap-guangzhou-4',
        groupId: null,
        createdAt: new Date('2020-09-21T08:57:01Z'),
        startedAt: null,
        endedAt: new Date('2020-09-21T08:59:45Z'),
        durationMs: 164_000,
        priority: 1,
        description: null,
        url: null,
        tags: { 'job-key1': 'job-value1', 'job-key': 'job-value' },
        tasks: {
          submitted: 0,
          pending: 0,
          runnable: 0,
          starting: 0,
          running: 0,
          succeeded: 0,
          failed: 1,
          failedInterrupted: 0,
        },
        raw: documented[1],
      },
    ]);
    // Every key present, in JobSchema's order, and each job valid against the public schema.
    for (const job of page.items) {
      expect(Object.keys(job)).toEqual(Object.keys(JobSchema.shape));
      expect(JobSchema.safeParse(job).success).toBe(true);
    }
  });

  it('maps every documented JobState per DESIGN, in any letter case', () => {
    expect(
      [
        'SUBMITTED',
        'PENDING',
        'RUNNABLE',
        'STARTING',
        'RUNNING',
        'SUCCEED',
        'FAILED',
        'FAILED_INTERRUPTED',
      ].map((state) => jobStates.toUnified(state)),
    ).toEqual(['pending', 'pending', 'pending', 'starting', 'running', 'succeeded', 'failed', 'failed']);
    expect(jobStates.toUnified('running')).toBe('running');
  });

  it('maps an unknown JobState to unknown and keeps the native value', async () => {
    const fake = fakeTencent({
      views: [makeView({ JobState: 'TERMINATING' }), makeView({ JobState: 'SUCCEEDED' })],
    });
    const page = await testAdapter(fake).describeJobs({}, firstPage, { signal });
    expect(page.items.map((job) => [job.status, job.nativeStatus])).toEqual([
      ['unknown', 'TERMINATING'],
      ['unknown', 'SUCCEEDED'],
    ]);
  });

  it('tolerates nulls and missing optional fields, and keeps fields the cloud adds later in raw', async () => {
    const sparse = { JobId: 'job-abcdefgh', JobState: null, Placement: null, Tags: null, TaskMetrics: null };
    const future = {
      ...makeView({ JobId: 'job-12345678' }),
      Placement: { Zone: 'ap-guangzhou-6', ProjectId: 0, HostIds: ['abc'], HostId: 'abc', RackId: 'r-1' },
      TaskMetrics: { RunningCount: 2, SomeNewCount: 7 },
      Tags: [{ Key: 'only-key' }],
      NewField: { nested: true },
    };
    const fake = replying(envelope({ TotalCount: 2, JobSet: [sparse, future] }));
    const [first, second] = (await testAdapter(fake).describeJobs({}, firstPage, { signal })).items;
    expect(first).toMatchObject({
      id: 'job-abcdefgh',
      name: null,
      status: 'unknown',
      nativeStatus: null,
      zone: null,
      createdAt: null,
      endedAt: null,
      durationMs: null,
      priority: null,
      tags: {},
      tasks: null,
      raw: sparse,
    });
    expect(second?.zone).toBe('ap-guangzhou-6');
    // A count the cloud leaves out is 0; an unknown count stays in raw.
    expect(second?.tasks).toEqual({
      submitted: 0,
      pending: 0,
      runnable: 0,
      starting: 0,
      running: 2,
      succeeded: 0,
      failed: 0,
      failedInterrupted: 0,
    });
    expect(second?.tags).toEqual({ 'only-key': '' });
    expect(second?.raw).toEqual(future);
  });

  it('reads an empty or null JobSet as an empty page', async () => {
    for (const JobSet of [[], null]) {
      const fake = replying(envelope({ TotalCount: 0, JobSet }));
      const page = await testAdapter(fake).describeJobs({}, firstPage, { signal });
      expect(page).toEqual({ items: [], count: 0, total: 0 });
    }
  });
});

describe('malformed responses', () => {
  async function malformed(body: string): Promise<MalformedResponseError> {
    const error = await failure(testAdapter(replying(body)).describeJobs({}, firstPage, { signal }));
    expect(error).toBeInstanceOf(MalformedResponseError);
    const typed = error as MalformedResponseError;
    expect(typed.action).toBe('DescribeJobs');
    expect(typed.provider).toBe('tencent-batch');
    return typed;
  }

  it('names the field path of every mismatch, never a TypeError', async () => {
    const error = await malformed(
      envelope({
        TotalCount: '2',
        JobSet: [
          { JobName: 'no id' },
          { JobId: 'job-abcdefgh', TaskMetrics: { RunningCount: 'one' }, Tags: [{ Value: 'no key' }] },
        ],
      }),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining([
        'Response.JobSet[0].JobId',
        'Response.JobSet[1].TaskMetrics.RunningCount',
        'Response.JobSet[1].Tags[0].Key',
        'Response.TotalCount',
      ]),
    );
    expect(error.message).toContain('Response.JobSet[0].JobId');
  });

  it('reports an unreadable timestamp with its path', async () => {
    const error = await malformed(
      envelope({ TotalCount: 1, JobSet: [makeView({ CreateTime: 'yesterday', EndTime: '2020-13-45' })] }),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([
      'Response.JobSet[0].CreateTime',
      'Response.JobSet[0].EndTime',
    ]);
  });

  it('reports a body that is not JSON, a truncated one, one without Response, and an error without a code', async () => {
    expect((await malformed('<html>gateway</html>')).issues[0]?.message).toMatch(/^not JSON/);
    expect((await malformed(fixture('DescribeJobs.json').slice(0, 300))).issues[0]?.message).toMatch(
      /^not JSON/,
    );
    expect((await malformed('{"RequestId":"x"}')).issues.map((issue) => issue.path)).toEqual(['Response']);
    expect((await malformed('{"Response":{"RequestId":"x"}}')).issues.map((issue) => issue.path)).toEqual([
      'Response.JobSet',
      'Response.TotalCount',
    ]);
    expect(
      (await malformed('{"Response":{"Error":{"Message":"no code"},"RequestId":"x"}}')).issues.map(
        (issue) => issue.path,
      ),
    ).toEqual(['Response.Error.Code']);
  });

  it('is not retried: a malformed body is not a transient failure', async () => {
    const fake = replying('not json');
    await failure(testAdapter(fake).describeJobs({}, firstPage, { signal }));
    expect(fake.requests).toHaveLength(1);
  });
});
