import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readDescribeJobs } from '../../../src/providers/tencent-batch/api.js';
import {
  DescribeJobsResponseSchema,
  isDescribeJobsResponse,
  isJobView,
  JobViewSchema,
} from '../../../src/providers/tencent-batch/schema.js';
import { fixture, makeView } from './fake-tencent.js';

// Values of every JSON type and a few that JSON cannot carry, for fields to be replaced with.
const oddValue = fc.oneof(
  fc.constantFrom(
    null,
    undefined,
    '',
    'x',
    0,
    -1,
    1.5,
    2 ** 60,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    true,
    [],
    {},
  ),
  fc.jsonValue(),
);

const jobViewFields = [
  'JobId',
  'JobName',
  'JobState',
  'Priority',
  'Placement',
  'CreateTime',
  'EndTime',
  'TaskMetrics',
  'Tags',
] as const;

/** A valid JobView with some fields (or sub-fields) replaced by odd values. */
const mutatedView = fc
  .record({
    replace: fc.dictionary(fc.constantFrom(...jobViewFields), oddValue, { maxKeys: 3 }),
    zone: fc.option(oddValue),
    count: fc.option(oddValue),
    tag: fc.option(fc.tuple(fc.constantFrom('Key', 'Value'), oddValue)),
  })
  .map(({ replace, zone, count, tag }) => {
    const view: Record<string, unknown> = { ...makeView({ Tags: [{ Key: 'k', Value: 'v' }] }) };
    if (zone !== null) view.Placement = { Zone: zone };
    if (count !== null) view.TaskMetrics = { ...(view.TaskMetrics as object), RunningCount: count };
    if (tag !== null) view.Tags = [{ Key: 'k', Value: 'v', [tag[0]]: tag[1] }];
    return { ...view, ...replace };
  });

describe('the fast guards never accept what the zod schemas refuse', () => {
  it('JobView: isJobView(v) implies JobViewSchema accepts v', () => {
    fc.assert(
      fc.property(fc.oneof(mutatedView, fc.anything()), (value) => {
        if (isJobView(value)) expect(JobViewSchema.safeParse(value).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('the response: isDescribeJobsResponse(v) implies DescribeJobsResponseSchema accepts v', () => {
    const response = fc
      .record({
        JobSet: fc.oneof(
          fc.array(fc.oneof(mutatedView, fc.constant(makeView())), { maxLength: 3 }),
          oddValue,
        ),
        TotalCount: fc.oneof(fc.nat(), oddValue),
        RequestId: fc.oneof(fc.uuid(), oddValue),
      })
      .map((inner) => ({ Response: inner }));
    fc.assert(
      fc.property(fc.oneof(response, fc.anything()), (value) => {
        if (isDescribeJobsResponse(value))
          expect(DescribeJobsResponseSchema.safeParse(value).success).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('accept the documented example and ordinary pages, so that those take the fast way', () => {
    expect(isDescribeJobsResponse(JSON.parse(fixture('DescribeJobs.json')))).toBe(true);
    expect(isDescribeJobsResponse({ Response: { JobSet: [], TotalCount: 0, RequestId: 'r' } })).toBe(true);
    expect(isDescribeJobsResponse({ Response: { JobSet: null, TotalCount: null } })).toBe(true);
    expect(isJobView({ JobId: 'job-abcdefgh' })).toBe(true);
  });

  it('a page the guard refuses but the schema takes is still read, through zod', () => {
    // The guard refuses a Placement that is an array; should zod take one, the page is read anyway.
    const value = { Response: { JobSet: [{ JobId: 'job-abcdefgh', Placement: [] }], TotalCount: 1 } };
    const context = { provider: 'tencent-batch', source: 's', region: 'r', action: 'DescribeJobs', body: '' };
    const zodTakes = DescribeJobsResponseSchema.safeParse(value).success;
    if (zodTakes) expect(readDescribeJobs(value, context).jobs[0]?.id).toBe('job-abcdefgh');
    else expect(() => readDescribeJobs(value, context)).toThrow(/Response\.JobSet\[0\]\.Placement/);
  });
});
