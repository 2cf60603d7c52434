import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readJobGroupsFast } from '../../../src/providers/aliyun-cityvisual/read.js';
import {
  computeJobElements,
  DescribeJobGroupsResponseSchema,
  jobGroupElements,
} from '../../../src/providers/aliyun-cityvisual/schema.js';
import { loadXmlParser, parseXmlDocument } from '../../../src/providers/aliyun-cityvisual/xml.js';
import { fixture, makeGroup, toXml } from './fake-cityvisual.js';

/**
 * The hand-written reader is an optimisation of the schema: for any answer it either declines
 * (null) or reads exactly what the schema reads, and it never accepts what the schema refuses.
 */
function agrees(content: unknown): 'fast' | 'schema' | 'refused' {
  const fast = readJobGroupsFast(content);
  const schema = DescribeJobGroupsResponseSchema.safeParse(content);
  if (fast === null) return schema.success ? 'schema' : 'refused';
  expect(schema.success, JSON.stringify(content)).toBe(true);
  expect(fast.page).toEqual(schema.data);
  const rawGroups = jobGroupElements((content as Record<string, unknown>).JobGroups) as unknown[];
  expect(fast.rawGroups).toEqual(rawGroups);
  expect(fast.rawJobs).toEqual(
    rawGroups.map((group) => computeJobElements((group as Record<string, unknown>).ComputeJobs)),
  );
  return 'fast';
}

describe('the fast reader and the schema agree', () => {
  it('on the documented examples (both take the fast way)', async () => {
    const xml = await loadXmlParser();
    expect(agrees(JSON.parse(fixture('DescribeJobGroups.json')))).toBe('fast');
    expect(agrees(parseXmlDocument(xml, fixture('DescribeJobGroups.xml')).content)).toBe('fast');
  });

  it('on generated pages in JSON and XML (the fast way)', async () => {
    const xml = await loadXmlParser();
    const body = {
      JobGroups: { JobGroup: Array.from({ length: 20 }, (_, index) => makeGroup({}, index % 4)) },
      PageNumber: 1,
      PageSize: 20,
      TotalCount: 20,
      RequestId: 'R',
    };
    expect(agrees(body)).toBe('fast');
    expect(agrees(parseXmlDocument(xml, toXml('DescribeJobGroupsResponse', body)).content)).toBe('fast');
  });

  it('on arbitrary, often broken, records', () => {
    const scalar = fc.constantFrom<unknown>(
      undefined,
      null,
      '',
      'abc',
      '12',
      '007',
      12,
      0,
      -1,
      1.5,
      2 ** 53,
      true,
      {},
      [],
      { x: 1 },
      'Running',
      '2024-01-01T00:00:00Z',
    );
    const job = fc.record(
      {
        ComputeJobId: scalar,
        ComputeJobName: scalar,
        ComputeJobStatus: scalar,
        StartTime: scalar,
        EndTime: scalar,
        Duration: scalar,
      },
      { requiredKeys: [] },
    );
    const jobs = fc.oneof(
      fc.array(job, { maxLength: 3 }),
      fc.array(job, { maxLength: 3 }).map((list) => ({ ComputeJob: list })),
      job.map((one) => ({ ComputeJob: one })),
      fc.array(job, { maxLength: 3 }).map((list) => [{ ComputeJob: list }, '']),
      job,
      scalar,
    );
    const param = fc.record({ Key: scalar, Value: scalar }, { requiredKeys: [] });
    const params = fc.oneof(
      fc.array(param, { maxLength: 3 }).map((list) => ({ JobGroupParam: list })),
      fc.array(param, { maxLength: 3 }),
      param.map((one) => ({ JobGroupParam: one })),
      scalar,
    );
    const group = fc.record(
      {
        JobGroupId: scalar,
        JobGroupName: scalar,
        Name: scalar,
        AlgoLibId: scalar,
        ResourceProfileId: scalar,
        PlanedJobCount: scalar,
        JobCount: scalar,
        StreamPerJob: scalar,
        Status: scalar,
        JobGroupParams: params,
        ComputeJobs: jobs,
      },
      { requiredKeys: [] },
    );
    const page = fc.record(
      {
        JobGroups: fc.oneof(
          fc.array(group, { maxLength: 3 }).map((list) => ({ JobGroup: list })),
          fc.array(group, { maxLength: 3 }),
          scalar,
        ),
        PageNumber: scalar,
        PageSize: scalar,
        TotalCount: scalar,
        RequestId: scalar,
      },
      { requiredKeys: [] },
    );
    const seen = { fast: 0, schema: 0, refused: 0 };
    fc.assert(
      fc.property(page, (content) => {
        seen[agrees(content)]++;
      }),
      { numRuns: 3000, seed: 20_240_501 },
    );
    // Both outcomes are exercised, and the fast way declines only what the schema refuses too.
    expect(seen.fast).toBeGreaterThan(50);
    expect(seen.refused).toBeGreaterThan(50);
    expect(seen.schema).toBe(0);
  });
});
